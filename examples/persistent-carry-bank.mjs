// A custom bank policy for fimasim: sell only once hedged carry has stayed below a floor for `minTicks` consecutive
// ticks (20 by default), then sell a share of holdings at each review while it stays there, within the loss budget.
// Name it in a scenario file, relative to that file:
//
//   "mufg": { "policy": { "name": "./persistent-carry-bank.mjs", "carryFloor": -1.0, "minTicks": 20 } }
//
// The contract (types: `import type { BankPolicyModule } from 'fimasim'`): export kind, name, params, init, decide.
//
// IMPORTANT: keep every value that changes during a run in the state returned by init(). A batch runs many runs in
// the same module instance (one per worker thread), in an order that depends on the number of workers, so a
// module-level `let` would leak from one run into the next and break reproducibility: run i would no longer give
// the same result on 1 and 2 workers, and `fimasim replay` could not reproduce it.

/** @type {import('fimasim').BankPolicyModule} */
const policy = {
  kind: 'bank',
  name: 'persistent-carry',

  // fimasim passes its own zod, so this file needs no install. Units as in scenario files: percent for carry.
  params: (z) => z.strictObject({
    carryFloor: z.number().min(-10).max(10).default(-1).describe('percent per year: hedged carry below which the count runs'),
    minTicks: z.number().int().min(1).max(252).default(20).describe('consecutive ticks below the floor before selling'),
    reviewEvery: z.number().int().min(1).max(63).default(5).describe('ticks between sales once triggered'),
    sharePerReview: z.number().min(0).max(1).default(0.03).describe('share of holdings sold at each review'),
  }),

  // A fresh state per run: the floor in model units (decimal) and the count of consecutive ticks below it.
  init: (p) => ({ floor: p.carryFloor / 100, below: 0 }),

  decide(view, self, p, state) {
    const carry = view.y10 - self.hedgeRatio * view.hedgeCost; // hedged carry on the market yield (decimal per year)
    state.below = carry < state.floor ? state.below + 1 : 0;
    if (state.below < p.minTicks || (state.below - p.minTicks) % p.reviewEvery !== 0 || self.holdings <= 0) return [];
    let amount = p.sharePerReview * self.holdings;
    const lossPerBn = self.duration * Math.max(0, view.y10 - self.bookYield); // realised loss per USD bn sold
    if (lossPerBn > 0) amount = Math.min(amount, Math.max(0, self.lossBudget - self.realisedLoss) / lossPerBn);
    return amount > 0 ? [{ kind: 'sell-treasuries', bank: self.id, amount }] : [];
  },
};

export default policy;
