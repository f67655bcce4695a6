// The day's flows as they are collected (design §3 steps 4–5): every rule adds its postings here in the tick's order;
// the settle step posts them to the ledger in that order. The running sums of the day's entries to reserves are what
// the later flows of the same day see (the repo market clears on the reserves the earlier flows left; the banks'
// deposits and the liquidity channel follow the day's new dollars).
import type { Entry, PostingSink } from '../../contracts.js';
import type { Ledger } from './ledger.js';

export class DayPostings implements PostingSink {
  // the day's postings in order, as parallel lists reused from day to day (no object per posting)
  private readonly agents: string[] = [];
  private readonly quantities: string[] = [];
  private readonly entries: (readonly Entry[])[] = [];
  private count = 0;
  private readonly who = { tick: 0, date: '', agent: '', quantity: '' }; // the posting being made, for its errors
  /** Σ of today's entries to `fed.reserves` so far, in the order they were added. */
  reserves = 0;
  /** The same over the flows that do not post their own deposit side (no `dep.total` entry): the reserves those
   *  create or drain are bank deposits of the other depositors, which the banks' deposits follow (docs/model.md
   *  §4.10) and the liquidity channel spreads. The stablecoin issuers' RRP placement moves their own deposits. */
  reservesToDeposits = 0;

  add(agent: string, quantity: string, entries: readonly Entry[]): void {
    const n = this.count++;
    this.agents[n] = agent; this.quantities[n] = quantity; this.entries[n] = entries;
    let ownDeposits = false;
    for (let k = 0; k < entries.length; k++) if (entries[k].account === 'dep.total') ownDeposits = true;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      if (e.account === 'fed.reserves') {
        this.reserves += e.delta;
        if (!ownDeposits) this.reservesToDeposits += e.delta;
      }
    }
  }

  /** Posts the day's postings to the ledger in the order they were added (each must balance by itself). */
  postTo(ledger: Ledger, tick: number, date: string): void {
    const who = this.who;
    who.tick = tick; who.date = date;
    for (let n = 0; n < this.count; n++) {
      who.agent = this.agents[n]; who.quantity = this.quantities[n];
      ledger.post(this.entries[n], who);
    }
  }

  clear(): void {
    this.count = 0;
    this.reserves = 0;
    this.reservesToDeposits = 0;
  }
}
