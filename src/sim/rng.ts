// Random streams (design §7): one seedrandom generator per purpose, keyed by (master seed, run index, stream name).
// A stream's draws depend on nothing else, so changing one agent never shifts another's draws. Streams drawn a few
// times a tick use `alea` through seedrandom's prng; the per-investor streams use seedrandom's `tychei`, handed over
// as its four state words so a loop over thousands of investors can step it in local variables (see tycheiNext).
import seedrandom from 'seedrandom';
import type { Uniform } from '../contracts.js';

export const streamKey = (masterSeed: string, runIndex: number, name: string): string =>
  `fimasim/v1|${masterSeed}|${runIndex}|${name}`;

/** A uniform stream in [0, 1) (2^-32 resolution: it can return 0, so callers guard logs). */
export function openStream(masterSeed: string, runIndex: number, name: string): Uniform {
  return seedrandom.alea(streamKey(masterSeed, runIndex, name)) as Uniform;
}

/** The state of a tychei generator (Neves & Araujo's Tyche-i, as in seedrandom): four int32 words. */
export interface TycheiState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** A tychei stream, seeded exactly as `seedrandom.tychei(key)`: the same draws, as state to step inline. */
export function openTychei(masterSeed: string, runIndex: number, name: string): TycheiState {
  const prng = seedrandom.tychei(streamKey(masterSeed, runIndex, name), { state: true });
  const { a, b, c, d } = prng.state() as unknown as TycheiState;
  return { a, b, c, d };
}

/**
 * One tychei step: advances the state and returns the next 32-bit draw as an int32 (seedrandom's `prng.int32()`;
 * its `prng()` is `(draw >>> 0) / 2^32`). Hot loops copy a, b, c, d into locals and repeat these eight lines inline:
 * kept in registers the step is ≈ 4× faster than a call through seedrandom (bench/README.md).
 */
export function tycheiNext(g: TycheiState): number {
  let { a, b, c, d } = g;
  b = (b << 25) ^ (b >>> 7) ^ c; c = (c - d) | 0; d = (d << 24) ^ (d >>> 8) ^ a; a = (a - b) | 0;
  b = (b << 20) ^ (b >>> 12) ^ c; c = (c - d) | 0; d = (d << 16) ^ (c >>> 16) ^ a; a = (a - b) | 0;
  g.a = a; g.b = b; g.c = c; g.d = d;
  return a;
}

export const TWO_POW_32 = 4294967296;

/** The streams of one run, opened on first use and cached by name. */
export class RunStreams {
  private readonly streams = new Map<string, Uniform>();
  private readonly states = new Map<string, TycheiState>();
  constructor(readonly masterSeed: string, readonly runIndex: number) {}

  get(name: string): Uniform {
    let s = this.streams.get(name);
    if (!s) {
      if (this.states.has(name)) throw new Error(`stream '${name}' is already open as a tychei state`);
      this.streams.set(name, (s = openStream(this.masterSeed, this.runIndex, name)));
    }
    return s;
  }

  /** A per-investor stream (tychei), for loops that step it inline. */
  tychei(name: string): TycheiState {
    let s = this.states.get(name);
    if (!s) {
      if (this.streams.has(name)) throw new Error(`stream '${name}' is already open as a uniform stream`);
      this.states.set(name, (s = openTychei(this.masterSeed, this.runIndex, name)));
    }
    return s;
  }
}
