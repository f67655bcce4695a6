// The choice of generator for the per-investor streams (rng.ts), measured: uniforms per second of seedrandom's
// algorithms called once per draw, and of alea and tychei stepped inline with their state in local variables, as
// the investor loops do. Each called generator gets its own copy of the loop (new Function): one shared loop would
// see six generators at one call site, go megamorphic and stop inlining, and measure the call rather than the
// generator.
import seedrandom from 'seedrandom';
import { openTychei, streamKey, type TycheiState } from '../rng.js';
import { median } from './timing.js';

export const CALLED = ['alea', 'xor128', 'xorwow', 'xorshift7', 'xor4096', 'tychei'] as const;
type Called = (typeof CALLED)[number];

interface AleaState { s0: number; s1: number; s2: number; c: number }

function aleaInline(g: AleaState, n: number): number {
  let { s0, s1, s2, c } = g, sum = 0;
  for (let i = 0; i < n; i++) {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1; s1 = s2; c = t | 0; s2 = t - c;
    sum += s2;
  }
  g.s0 = s0; g.s1 = s1; g.s2 = s2; g.c = c;
  return sum;
}

function tycheiInline(g: TycheiState, n: number): number {
  let { a, b, c, d } = g, sum = 0;
  for (let i = 0; i < n; i++) {
    b = (b << 25) ^ (b >>> 7) ^ c; c = (c - d) | 0; d = (d << 24) ^ (d >>> 8) ^ a; a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c; c = (c - d) | 0; d = (d << 16) ^ (c >>> 16) ^ a; a = (a - b) | 0;
    sum += (a >>> 0) / 4294967296;
  }
  g.a = a; g.b = b; g.c = c; g.d = d;
  return sum;
}

/** Millions of uniforms per second of CPU time, median of `reps`, every variant measured in turn in each repetition. */
export function measureGenerators(draws: number, reps = 5): Record<string, number> {
  const loops = Object.fromEntries(CALLED.map((name) => [name,
    new Function('rng', 'n', 'let sum = 0; for (let i = 0; i < n; i++) sum += rng(); return sum;') as (rng: () => number, n: number) => number]));
  const cpuMs: Record<string, number[]> = {};
  const time = (name: string, work: () => number): void => {
    const c0 = process.cpuUsage();
    if (!Number.isFinite(work())) throw new Error(`generator ${name} returned a non-finite sum`);
    const c = process.cpuUsage(c0);
    (cpuMs[name] ??= []).push((c.user + c.system) / 1000);
  };
  for (let r = 0; r < reps + 1; r++) { // the first round warms up and is dropped
    const key = streamKey('bench', r, 'generators');
    for (const name of CALLED) {
      const rng = (seedrandom[name as Called] as (seed: string) => () => number)(key);
      time(name, () => loops[name](rng, draws));
    }
    const alea = (seedrandom.alea(key, { state: true }) as unknown as { state(): AleaState }).state();
    time('alea inline', () => aleaInline(alea, draws));
    const tychei = openTychei('bench', r, 'generators');
    time('tychei inline', () => tycheiInline(tychei, draws));
    if (r === 0) for (const k of Object.keys(cpuMs)) cpuMs[k].length = 0;
  }
  return Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, round(draws / median(v) / 1000, 1)]));
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
