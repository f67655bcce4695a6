// Random streams (design §7): one seedrandom `alea` generator per purpose, keyed by (master seed, run index,
// stream name). A stream's draws depend on nothing else, so changing one agent never shifts another's draws.
import seedrandom from 'seedrandom';
import type { Uniform } from '../contracts.js';

export const streamKey = (masterSeed: string, runIndex: number, name: string): string =>
  `fimasim/v1|${masterSeed}|${runIndex}|${name}`;

/** A uniform stream in [0, 1) (2^-32 resolution: it can return 0, so callers guard logs). */
export function openStream(masterSeed: string, runIndex: number, name: string): Uniform {
  return seedrandom.alea(streamKey(masterSeed, runIndex, name)) as Uniform;
}

/** The streams of one run, opened on first use and cached by name. */
export class RunStreams {
  private readonly streams = new Map<string, Uniform>();
  constructor(readonly masterSeed: string, readonly runIndex: number) {}
  get(name: string): Uniform {
    let s = this.streams.get(name);
    if (!s) this.streams.set(name, (s = openStream(this.masterSeed, this.runIndex, name)));
    return s;
  }
}
