// The day's flows as they are collected (design §3 steps 4–5): every rule adds its postings here in the tick's order;
// the settle step posts them to the ledger in that order. The running sums of the day's entries to reserves and to
// the ON RRP are what the later flows of the same day see (the repo market clears on the reserves the earlier flows
// left; the stablecoin issuers never take more out of the RRP than is in it).
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
  /** Σ of today's entries to `fed.rrp` so far, in the order they were added. */
  rrp = 0;

  add(agent: string, quantity: string, entries: readonly Entry[]): void {
    this.list.push({ agent, quantity, entries });
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      if (e.account === 'fed.reserves') this.reserves += e.delta;
      else if (e.account === 'fed.rrp') this.rrp += e.delta;
    }
  }

  clear(): void {
    this.list.length = 0;
    this.reserves = 0;
    this.rrp = 0;
  }
}
