import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { registry, selectionPolicy } from '../../src/sim/run/policies.js';
import { Ledger } from '../../src/sim/run/ledger.js';
import { ModelError, type Action, type BankSelf, type Policy, type PolicySelection } from '../../src/contracts.js';

type AnyPolicy = Policy<PolicySelection, null, BankSelf>;

const onMufg = (policy: AnyPolicy) => {
  const s = structuredClone(loadScenario('smoke').scenario);
  (s.banks.mufg as { policy: unknown }).policy = { name: policy.name };
  return { s, policies: registry({ bank: { [policy.name]: selectionPolicy<'bank', null>(policy) } }) };
};
const failure = (fn: () => unknown): ModelError => {
  try { fn(); } catch (e) { if (e instanceof ModelError) return e; throw e; }
  throw new Error('expected the run to stop');
};

describe('invariants and non-finite checks stop the run, naming tick, agent and quantity', () => {
  it('a policy that posts a flow to one side only (reserves up, nothing else) is caught', () => {
    const oneSided: AnyPolicy = {
      name: 'one-sided-test', init: () => null,
      decide: (view): Action[] => (view.tick === 3 ? [{ kind: 'posting', quantity: 'phantom reserves', entries: [{ account: 'fed.reserves', delta: 5 }] }] : []),
    };
    const { s, policies } = onMufg(oneSided);
    const e = failure(() => simulate(s, '1', 0, { policies }));
    expect(e.tick).toBe(3);
    expect(e.agent).toBe('mufg');
    expect(e.quantity).toBe('phantom reserves');
    expect(e.message).toMatch(/^tick 3 \(2024-06-24\), agent 'mufg', quantity 'phantom reserves': unbalanced Fed posting/);
  });

  it('a Treasury posting that moves a holder without outstanding is caught too', () => {
    const p: AnyPolicy = { name: 'phantom-bonds-test', init: () => null,
      decide: (v): Action[] => (v.tick === 2 ? [{ kind: 'posting', quantity: 'phantom bonds', entries: [{ account: 'ust.private', delta: 1 }] }] : []) };
    const { s, policies } = onMufg(p);
    expect(failure(() => simulate(s, '1', 0, { policies })).message).toMatch(/tick 2 .*agent 'mufg', quantity 'phantom bonds': unbalanced Treasury posting/);
  });

  it('a policy that returns NaN is caught', () => {
    const nan: AnyPolicy = { name: 'nan-test', init: () => null,
      decide: (v): Action[] => (v.tick === 4 ? [{ kind: 'sell-treasuries', bank: 'mufg', amount: Number.NaN }] : []) };
    const { s, policies } = onMufg(nan);
    const e = failure(() => simulate(s, '1', 0, { policies }));
    expect([e.tick, e.agent, e.quantity]).toEqual([4, 'mufg', 'sell-treasuries.amount']);
  });

  it('a policy that throws is caught and named', () => {
    const boom: AnyPolicy = { name: 'throwing-test', init: () => null, decide: () => { throw new Error('boom'); } };
    const { s, policies } = onMufg(boom);
    const e = failure(() => simulate(s, '1', 0, { policies }));
    expect(e.message).toMatch(/tick 1 .*agent 'mufg', quantity 'policy 'throwing-test'': the policy threw: boom/);
  });

  it('the end-of-tick checks compare ledgers updated independently', () => {
    const l = new Ledger(['a'], { 'fed.treasuries': 10, 'fed.reserves': 10, 'ust.outstanding': 20, 'ust.soma': 10, 'ust.bank:a': 10 });
    expect(() => l.check(0, '2024-06-18')).not.toThrow();
    l.balance[l.slot('fed.reserves')] += 1; // a write that bypassed post()
    expect(() => l.check(5, '2024-06-26')).toThrow(/tick 5 \(2024-06-26\), agent 'fed', quantity 'fed assets − liabilities'/);
    const m = new Ledger(['a'], { 'fed.treasuries': 10, 'fed.reserves': 10, 'ust.outstanding': 20, 'ust.soma': 10, 'ust.bank:a': 10 });
    m.balance[m.slot('ust.bank:a')] -= 2;
    expect(() => m.check(1, 'd')).toThrow(/Σ holders − outstanding/);
    const n = new Ledger([], { 'fed.treasuries': 10, 'fed.reserves': 10, 'ust.outstanding': 10, 'ust.private': 10 });
    expect(() => n.check(1, 'd')).toThrow(/SOMA Treasuries/);
  });

  it('a non-finite amount in a posting is caught before it reaches the ledger', () => {
    const l = new Ledger([], {});
    expect(() => l.post([{ account: 'fed.reserves', delta: Infinity }, { account: 'fed.treasuries', delta: Infinity }], { tick: 7, date: 'd', agent: 'fed', quantity: 'QT runoff' }))
      .toThrow(/tick 7 \(d\), agent 'fed', quantity 'QT runoff \(fed.reserves\)': non-finite amount Infinity/);
  });
});
