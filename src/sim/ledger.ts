// Double-entry ledgers (design §5, §6): the Fed's balance sheet and the Treasury par ledger. Every posting must
// balance on its own (assets against liabilities; holders against outstanding), and the engine also compares the
// ledgers with each other at the end of each tick, so a flow posted to one side only is caught and named.
import { ModelError, type Account, type Entry } from '../contracts.js';

export const FED_ASSETS = ['fed.treasuries', 'fed.mbs', 'fed.fimaRepo', 'fed.otherAssets'] as const;
export const FED_LIABILITIES = [
  'fed.reserves', 'fed.rrp', 'fed.tga', 'fed.foreignDeposits', 'fed.currency', 'fed.otherLiabilities',
] as const;

/** Relative tolerance for ledger identities: sums of a few thousand USD bn agree to ~1e-12 relative. */
const TOLERANCE = 1e-7;

export class Ledger {
  private readonly index = new Map<string, number>();
  readonly balance: Float64Array;
  private readonly fedAsset: Uint8Array;
  private readonly fedLiability: Uint8Array;
  private readonly holder: Uint8Array;

  constructor(readonly bankIds: readonly string[], initial: Partial<Record<Account, number>>) {
    const names: string[] = [...FED_ASSETS, ...FED_LIABILITIES, 'ust.outstanding', 'ust.custody', 'ust.soma', 'ust.private'];
    for (const id of bankIds) names.push(`ust.bank:${id}`);
    names.forEach((n, i) => this.index.set(n, i));
    this.balance = new Float64Array(names.length);
    this.fedAsset = new Uint8Array(names.length);
    this.fedLiability = new Uint8Array(names.length);
    this.holder = new Uint8Array(names.length);
    for (const n of FED_ASSETS) this.fedAsset[this.index.get(n)!] = 1;
    for (const n of FED_LIABILITIES) this.fedLiability[this.index.get(n)!] = 1;
    for (const [n, i] of this.index) if (n.startsWith('ust.') && n !== 'ust.outstanding') this.holder[i] = 1;
    for (const [n, v] of Object.entries(initial)) this.balance[this.slot(n as Account)] = v as number;
  }

  slot(account: Account): number {
    const i = this.index.get(account);
    if (i === undefined) throw new Error(`unknown ledger account '${account}'`);
    return i;
  }

  get(account: Account): number {
    return this.balance[this.slot(account)];
  }

  /** Posts a set of entries that must balance by themselves; names the agent and quantity if they do not. */
  post(entries: readonly Entry[], who: { tick: number; date: string; agent: string; quantity: string }): void {
    let fed = 0, ust = 0, scale = 1;
    for (const e of entries) {
      if (!Number.isFinite(e.delta)) {
        throw new ModelError(who.tick, who.date, who.agent, `${who.quantity} (${e.account})`, `non-finite amount ${e.delta}`);
      }
      const i = this.slot(e.account);
      if (this.fedAsset[i]) fed += e.delta;
      else if (this.fedLiability[i]) fed -= e.delta;
      else if (this.holder[i]) ust += e.delta;
      else ust -= e.delta; // outstanding
      scale = Math.max(scale, Math.abs(e.delta));
    }
    if (Math.abs(fed) > TOLERANCE * scale) {
      throw new ModelError(who.tick, who.date, who.agent, who.quantity,
        `unbalanced Fed posting: assets − liabilities changed by ${fed} USD bn`);
    }
    if (Math.abs(ust) > TOLERANCE * scale) {
      throw new ModelError(who.tick, who.date, who.agent, who.quantity,
        `unbalanced Treasury posting: holders − outstanding changed by ${ust} USD bn`);
    }
    for (const e of entries) this.balance[this.slot(e.account)] += e.delta;
  }

  fedAssets(): number {
    let s = 0;
    for (const n of FED_ASSETS) s += this.get(n);
    return s;
  }

  fedLiabilities(): number {
    let s = 0;
    for (const n of FED_LIABILITIES) s += this.get(n);
    return s;
  }

  holdersTotal(): number {
    let s = 0;
    for (let i = 0; i < this.balance.length; i++) if (this.holder[i]) s += this.balance[i];
    return s;
  }

  /** The ledger identities of design §6, checked independently of how postings were made. */
  check(tick: number, date: string): void {
    for (const [name, i] of this.index) {
      if (!Number.isFinite(this.balance[i])) throw new ModelError(tick, date, 'ledger', name, `non-finite balance ${this.balance[i]}`);
    }
    const assets = this.fedAssets(), liabilities = this.fedLiabilities();
    if (Math.abs(assets - liabilities) > TOLERANCE * Math.max(1, assets)) {
      throw new ModelError(tick, date, 'fed', 'fed assets − liabilities', `${assets - liabilities} USD bn (should be 0)`);
    }
    const outstanding = this.get('ust.outstanding'), held = this.holdersTotal();
    if (Math.abs(outstanding - held) > TOLERANCE * Math.max(1, outstanding)) {
      throw new ModelError(tick, date, 'treasury-market', 'Σ holders − outstanding', `${held - outstanding} USD bn (should be 0)`);
    }
    const soma = this.get('fed.treasuries'), somaHeld = this.get('ust.soma');
    if (Math.abs(soma - somaHeld) > TOLERANCE * Math.max(1, soma)) {
      throw new ModelError(tick, date, 'fed', 'SOMA Treasuries (Fed ledger vs par ledger)', `${soma} vs ${somaHeld} USD bn`);
    }
    for (const [name, i] of this.index) {
      if (name === 'fed.otherLiabilities') continue; // a residual line; may be of either sign
      if (this.balance[i] < -TOLERANCE * Math.max(1, Math.abs(outstanding))) {
        const agent = name.startsWith('ust.bank:') ? name.slice(9) : name.split('.')[0];
        throw new ModelError(tick, date, agent, name, `negative balance ${this.balance[i]} USD bn`);
      }
    }
  }
}
