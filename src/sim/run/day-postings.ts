// The day's flows as they are collected (design §3 steps 4–5): every rule adds its postings here in the tick's order;
// the settle step posts them to the ledger in that order. The running sums of the day's entries to reserves are what
// the later flows of the same day see (the repo market clears on the reserves the earlier flows left; the banks'
// deposits and the liquidity channel follow the day's new dollars).
import type { Entry, PostingSink } from '../../contracts.js';

export interface Posting {
  readonly agent: string;
  readonly quantity: string;
  readonly entries: readonly Entry[];
}

export class DayPostings implements PostingSink {
  readonly list: Posting[] = [];
  /** Σ of today's entries to `fed.reserves` so far, in the order they were added. */
  reserves = 0;
  /** The same over the flows that do not post their own deposit side (no `dep.total` entry): the reserves those
   *  create or drain are bank deposits of the other depositors, which the banks' deposits follow (docs/model.md
   *  §4.10) and the liquidity channel spreads. The stablecoin issuers' RRP placement moves their own deposits. */
  reservesToDeposits = 0;

  add(agent: string, quantity: string, entries: readonly Entry[]): void {
    this.list.push({ agent, quantity, entries });
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

  clear(): void {
    this.list.length = 0;
    this.reserves = 0;
    this.reservesToDeposits = 0;
  }
}
