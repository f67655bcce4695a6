// What a batch runs, kept apart from how (executors) and where (the folder): the identity of the batch, the run
// indices this process owns (all of them, or one shard's), the sampled parameters of a `fimasim sample` batch, and
// the runs to fail on purpose in tests.
import type { SampleSpec } from '../sample/spec.js';

/** Shard K of N owns the run indices i with i mod N = K (interleaved, so slow regions of the index spread out). */
export interface Shard {
  readonly index: number; // K, 0-based
  readonly count: number; // N
}

export interface BatchIdentity {
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runs: number; // of the whole batch, whatever the shard
  readonly shard: Shard | null;
  /** `fimasim sample`: each run's scenario is the base with its own sampled values (absent or null otherwise). */
  readonly sample?: SampleSpec | null;
}

/**
 * Test-only hooks that still go through the real code paths: `fail` runs throw inside the run (like a broken
 * invariant) and are recorded as failures; `crash` runs end their worker thread on the first attempt (the pool must
 * replace it and retry). They come from FIMASIM_FAIL_RUNS and FIMASIM_CRASH_RUNS, read at the CLI edge.
 */
export interface Injections {
  readonly fail: ReadonlySet<number>;
  readonly crash: ReadonlySet<number>;
}

export const NO_INJECTIONS: Injections = { fail: new Set(), crash: new Set() };

/** One unit of work, as sent to an executor. */
export interface RunTask {
  readonly seed: string;
  readonly runIndex: number;
  readonly fail: boolean;
  readonly crash: boolean;
  /** Carried with the task so any executor (serial, pool, a sweep's shared pool) recomputes the run's values. */
  readonly sample?: SampleSpec | null;
  /** `--series all`: the run also packs every series and its agent-level series (all-series.ts). */
  readonly allSeries?: boolean;
}

/** The run indices a process owns, in order; slot s of this process is run index K + s·N. */
export class RunList {
  readonly count: number;
  private readonly k: number;
  private readonly n: number;

  constructor(readonly runs: number, shard: Shard | null) {
    this.k = shard?.index ?? 0;
    this.n = shard?.count ?? 1;
    this.count = this.k >= runs ? 0 : Math.ceil((runs - this.k) / this.n);
  }

  runIndexOf(slot: number): number {
    return this.k + slot * this.n;
  }

  /** The slot of a run index, or −1 when this process does not own it. */
  slotOf(runIndex: number): number {
    if (!Number.isInteger(runIndex) || runIndex < this.k || runIndex >= this.runs || (runIndex - this.k) % this.n !== 0) return -1;
    return (runIndex - this.k) / this.n;
  }
}

export function taskFor(seed: string, runIndex: number, inject: Injections, sample: SampleSpec | null = null, allSeries = false): RunTask {
  return { seed, runIndex, fail: inject.fail.has(runIndex), crash: inject.crash.has(runIndex), ...(sample ? { sample } : {}), ...(allSeries ? { allSeries } : {}) };
}
