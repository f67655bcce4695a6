// Double-entry ledgers (design §5, §6): the Fed's balance sheet and the Treasury par ledger. Every posting must
// balance on its own (assets against liabilities; holders against outstanding), and the engine also compares the
// ledgers with each other at the end of each tick, so a flow posted to one side only is caught and named.
import { ModelError, type Account, type Entry } from '../../contracts.js';

export const FED_ASSETS = ['fed.treasuries', 'fed.mbs', 'fed.fimaRepo', 'fed.otherAssets', 'fed.srf'] as const; // srf: standing repo facility loans
export const FED_LIABILITIES = [
  'fed.reserves', 'fed.rrp', 'fed.tga', 'fed.foreignDeposits', 'fed.currency', 'fed.otherLiabilities',
] as const;

/**
 * The deposit accounts of the crypto side (issue 15 item 2): one per cohort (crypto-investors.ts COHORTS), the spot
 * ETF and the stablecoin issuers. Appended after the Fed and Treasury accounts, so their slots never move.
 */
export const CRYPTO_DEPOSITS = [
  'dep.crypto:funds', 'dep.crypto:momentum', 'dep.crypto:holders', 'dep.crypto:newcomers', 'dep.crypto:etf', 'dep.crypto:stablecoins',
] as const;

const SIDE_OUTSTANDING = 0, SIDE_FED_ASSET = 1, SIDE_FED_LIABILITY = 2, SIDE_HOLDER = 3, SIDE_DEPOSITOR = 4, SIDE_DEPOSITS = 5;

/** Relative tolerance for ledger identities: sums of a few thousand USD bn agree to ~1e-12 relative. */
const TOLERANCE = 1e-7;

export class Ledger {
  private readonly index = new Map<string, number>();
  private readonly names: readonly string[];
  readonly balance: Float64Array;
  private readonly fedAsset: Uint8Array;
  private readonly fedLiability: Uint8Array;
  private readonly holder: Uint8Array;
  private readonly depositor: Uint8Array; // dep.* holders, which must add up to dep.total
  private readonly depTotalSlot: number;
  /** Each slot's side in the balance checks of `post`: one lookup per entry (SIDE_*). */
  private readonly side: Int8Array;
  // the engine posts and checks every tick: the slots the checks read, looked up once
  private readonly fedAssetSlots: Int32Array;
  private readonly fedLiabilitySlots: Int32Array;
  private readonly outstandingSlot: number;
  private readonly somaSlot: number;
  private readonly somaHeldSlot: number;
  private readonly otherLiabilitiesSlot: number;
  private postSlots = new Int32Array(16); // scratch: the slot of each entry of the posting being made

  constructor(readonly bankIds: readonly string[], initial: Partial<Record<Account, number>>) {
    const names: string[] = [...FED_ASSETS, ...FED_LIABILITIES, 'ust.outstanding', 'ust.custody', 'ust.soma', 'ust.private'];
    for (const id of bankIds) names.push(`ust.bank:${id}`);
    names.push('ust.stablecoins', 'dep.total', 'dep.rest', ...CRYPTO_DEPOSITS);
    names.forEach((n, i) => this.index.set(n, i));
    this.names = names;
    this.balance = new Float64Array(names.length);
    this.fedAsset = new Uint8Array(names.length);
    this.fedLiability = new Uint8Array(names.length);
    this.holder = new Uint8Array(names.length);
    this.depositor = new Uint8Array(names.length);
    for (const n of FED_ASSETS) this.fedAsset[this.index.get(n)!] = 1;
    for (const n of FED_LIABILITIES) this.fedLiability[this.index.get(n)!] = 1;
    for (const [n, i] of this.index) if (n.startsWith('ust.') && n !== 'ust.outstanding') this.holder[i] = 1;
    for (const [n, i] of this.index) if (n.startsWith('dep.') && n !== 'dep.total') this.depositor[i] = 1;
    this.side = new Int8Array(names.length);
    for (let i = 0; i < names.length; i++) {
      this.side[i] = this.fedAsset[i] ? SIDE_FED_ASSET : this.fedLiability[i] ? SIDE_FED_LIABILITY : this.holder[i] ? SIDE_HOLDER
        : this.depositor[i] ? SIDE_DEPOSITOR : names[i] === 'dep.total' ? SIDE_DEPOSITS : SIDE_OUTSTANDING;
    }
    for (const [n, v] of Object.entries(initial)) this.balance[this.slot(n as Account)] = v as number;
    this.fedAssetSlots = Int32Array.from(FED_ASSETS, (n) => this.slot(n));
    this.fedLiabilitySlots = Int32Array.from(FED_LIABILITIES, (n) => this.slot(n));
    this.outstandingSlot = this.slot('ust.outstanding');
    this.somaSlot = this.slot('fed.treasuries');
    this.somaHeldSlot = this.slot('ust.soma');
    this.otherLiabilitiesSlot = this.slot('fed.otherLiabilities');
    this.depTotalSlot = this.slot('dep.total');
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
    let fed = 0, ust = 0, dep = 0, scale = 1;
    if (this.postSlots.length < entries.length) this.postSlots = new Int32Array(entries.length);
    const slots = this.postSlots;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k];
      if (!Number.isFinite(e.delta)) {
        throw new ModelError(who.tick, who.date, who.agent, `${who.quantity} (${e.account})`, `non-finite amount ${e.delta}`);
      }
      const i = (slots[k] = this.slot(e.account));
      switch (this.side[i]) {
        case SIDE_FED_ASSET: fed += e.delta; break;
        case SIDE_FED_LIABILITY: fed -= e.delta; break;
        case SIDE_HOLDER: ust += e.delta; break;
        case SIDE_DEPOSITOR: dep += e.delta; break;
        case SIDE_DEPOSITS: dep -= e.delta; break;
        default: ust -= e.delta; // outstanding
      }
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
    if (Math.abs(dep) > TOLERANCE * scale) {
      throw new ModelError(who.tick, who.date, who.agent, who.quantity,
        `unbalanced deposit posting: depositors − deposits changed by ${dep} USD bn`);
    }
    for (let k = 0; k < entries.length; k++) this.balance[slots[k]] += entries[k].delta;
  }

  depositorsTotal(): number {
    let s = 0;
    for (let i = 0; i < this.balance.length; i++) if (this.depositor[i]) s += this.balance[i];
    return s;
  }

  fedAssets(): number {
    let s = 0;
    for (const i of this.fedAssetSlots) s += this.balance[i];
    return s;
  }

  fedLiabilities(): number {
    let s = 0;
    for (const i of this.fedLiabilitySlots) s += this.balance[i];
    return s;
  }

  holdersTotal(): number {
    let s = 0;
    for (let i = 0; i < this.balance.length; i++) if (this.holder[i]) s += this.balance[i];
    return s;
  }

  /** The ledger identities of design §6, checked independently of how postings were made. */
  check(tick: number, date: string): void {
    const b = this.balance;
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i])) throw new ModelError(tick, date, 'ledger', this.names[i], `non-finite balance ${b[i]}`);
    }
    const assets = this.fedAssets(), liabilities = this.fedLiabilities();
    if (Math.abs(assets - liabilities) > TOLERANCE * Math.max(1, assets)) {
      throw new ModelError(tick, date, 'fed', 'fed assets − liabilities', `${assets - liabilities} USD bn (should be 0)`);
    }
    const outstanding = b[this.outstandingSlot], held = this.holdersTotal();
    if (Math.abs(outstanding - held) > TOLERANCE * Math.max(1, outstanding)) {
      throw new ModelError(tick, date, 'treasury-market', 'Σ holders − outstanding', `${held - outstanding} USD bn (should be 0)`);
    }
    const deposits = b[this.depTotalSlot], depositors = this.depositorsTotal();
    if (Math.abs(deposits - depositors) > TOLERANCE * Math.max(1, deposits)) {
      throw new ModelError(tick, date, 'banks', 'Σ depositors − deposits', `${depositors - deposits} USD bn (should be 0)`);
    }
    const soma = b[this.somaSlot], somaHeld = b[this.somaHeldSlot];
    if (Math.abs(soma - somaHeld) > TOLERANCE * Math.max(1, soma)) {
      throw new ModelError(tick, date, 'fed', 'SOMA Treasuries (Fed ledger vs par ledger)', `${soma} vs ${somaHeld} USD bn`);
    }
    const floor = -TOLERANCE * Math.max(1, Math.abs(outstanding));
    for (let i = 0; i < b.length; i++) {
      if (i === this.otherLiabilitiesSlot) continue; // a residual line; may be of either sign
      if (b[i] < floor) {
        const name = this.names[i];
        const agent = name.startsWith('ust.bank:') ? name.slice(9) : name.split('.')[0];
        throw new ModelError(tick, date, agent, name, `negative balance ${b[i]} USD bn`);
      }
    }
  }
}
