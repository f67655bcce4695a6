// The per-investor streams step seedrandom's tychei inline (rng.ts, crypto-investors.ts): the draws must be exactly
// those of seedrandom.tychei with the stream's key, however they are stepped.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { openTychei, RunStreams, streamKey, tycheiNext } from '../../src/sim/rng.js';
import { cohortDemand, createInvestors, newcomerArrivals, type Demand } from '../../src/agents/crypto-investors.js';
import { normalTable } from '../../src/market/random-variates.js';
import { loadScenario } from '../../src/sim/scenario/load.js';

const reference = (name: string) => seedrandom.tychei(streamKey('9', 3, name));

describe('per-investor noise: seedrandom tychei, stepped inline', () => {
  it('tycheiNext gives the int32 draws of seedrandom.tychei with the same key', () => {
    const g = openTychei('9', 3, 'crypto:idiosyncratic'), ref = reference('crypto:idiosyncratic');
    for (let k = 0; k < 1000; k++) expect(tycheiNext(g)).toBe(ref.int32());
  });

  it('cohortDemand indexes the normal table with the top bits of one draw per investor, in slot order', () => {
    const s = loadScenario('smoke', ['crypto.minWeight=0.001', 'crypto.maxWeight=0.999']).scenario;
    const inv = createInvestors(s.crypto), table = normalTable(12), ref = reference('crypto:idiosyncratic');
    const noise = openTychei('9', 3, 'crypto:idiosyncratic');
    const d: Demand = { num: 0, den: 0 };
    for (const c of inv.cohorts) {
      cohortDemand(c, 0.01, 0.05, 0.001, 0.999, noise, table, d);
      for (let i = 0; i < c.n; i++) expect(c.target[i]).toBe(c.base[i] + 0.01 + 0.05 * table[(ref() * 4096) | 0]);
    }
    expect(noise).toEqual(openStateAfter('crypto:idiosyncratic', inv.cohorts.reduce((n, c) => n + c.n, 0)));
  });

  it('newcomerArrivals draws one uniform per slot every tick, arrived or not', () => {
    const s = loadScenario('smoke').scenario;
    const nc = createInvestors(s.crypto).newcomers, arrived = new Uint8Array(nc.n);
    const noise = openTychei('9', 3, 'crypto:newcomers'), ref = reference('crypto:newcomers');
    for (let tick = 0; tick < 5; tick++) {
      const before = Uint8Array.from(arrived);
      newcomerArrivals(nc, arrived, tick % 2 === 1, 0.3, 0.1, noise);
      for (let i = 0; i < nc.n; i++) {
        const u = ref();
        expect(arrived[i]).toBe(before[i] || (tick % 2 === 1 && u < 0.3) ? 1 : 0);
      }
    }
    expect(arrived.some((x) => x === 1)).toBe(true);
  });

  it('a stream name is opened one way only', () => {
    const streams = new RunStreams('9', 3);
    streams.tychei('crypto:newcomers');
    expect(() => streams.get('crypto:newcomers')).toThrow(/already open/);
    streams.get('boj');
    expect(() => streams.tychei('boj')).toThrow(/already open/);
  });
});

function openStateAfter(name: string, draws: number) {
  const g = openTychei('9', 3, name);
  for (let k = 0; k < draws; k++) tycheiNext(g);
  return g;
}
