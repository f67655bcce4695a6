// The shape of one run's record in a batch: its metrics (Float64, metric-table order), its compact series
// (Float32, output units, the BANDED series one after another, ticks + 1 values each) and, in a `--series all`
// batch, its extra columns (Float32: every series and the agent-level series, all-series.ts). The same layout is
// used by the buffer a worker returns and the journal records; series.f32 holds the compact series at a fixed
// stride, series-all.f32 the extra columns.
import { BANDED } from '../run/series.js';
import { METRICS } from '../run/metrics.js';

export interface RunLayout {
  readonly metrics: number; // Float64 values per run
  readonly points: number; // ticks + 1
  readonly floats: number; // Float32 values per run: BANDED.length × points
  readonly seriesBytes: number; // the stride of series.f32
  readonly extraFloats: number; // Float32 values per run of the extra columns (0 unless --series all)
  readonly packedBytes: number; // metrics + series + extra columns, the buffer a worker returns
}

/** `extraColumns`: per-tick columns kept beyond the compact series (all-series.ts `extraColumnCount`), 0 by default. */
export function runLayout(ticks: number, extraColumns = 0): RunLayout {
  const points = ticks + 1;
  const floats = BANDED.length * points;
  const extraFloats = extraColumns * points;
  return { metrics: METRICS.length, points, floats, seriesBytes: floats * 4, extraFloats, packedBytes: METRICS.length * 8 + (floats + extraFloats) * 4 };
}

export interface PackedRun {
  readonly metrics: Float64Array;
  readonly series: Float32Array;
  readonly extra: Float32Array; // empty unless the layout has extra columns
}

/** One buffer for the metrics and the compact series, so a run is one block of bytes wherever it goes. */
export function packRun(layout: RunLayout, metrics: Float64Array, series: Float32Array, extra?: Float32Array): ArrayBuffer {
  const buf = new ArrayBuffer(layout.packedBytes);
  new Float64Array(buf, 0, layout.metrics).set(metrics);
  new Float32Array(buf, layout.metrics * 8, layout.floats).set(series);
  if (layout.extraFloats > 0) {
    if (extra?.length !== layout.extraFloats) throw new Error(`a run's extra columns have ${extra?.length ?? 0} values, expected ${layout.extraFloats}`);
    new Float32Array(buf, layout.metrics * 8 + layout.floats * 4, layout.extraFloats).set(extra);
  }
  return buf;
}

export function unpackRun(layout: RunLayout, buf: ArrayBuffer): PackedRun {
  if (buf.byteLength !== layout.packedBytes) {
    throw new Error(`a packed run has ${buf.byteLength} bytes, expected ${layout.packedBytes}`);
  }
  return {
    metrics: new Float64Array(buf, 0, layout.metrics), series: new Float32Array(buf, layout.metrics * 8, layout.floats),
    extra: new Float32Array(buf, layout.metrics * 8 + layout.floats * 4, layout.extraFloats),
  };
}

/**
 * Worker side: a chunk's packed runs one after another in one SharedArrayBuffer, which reaches the main thread
 * without a copy, like a transfer, but without detaching anything. Transferring (`Piscina.move`) detaches the
 * worker's buffer, and the first detach in a thread invalidates V8's ArrayBuffer-detaching protector: from then on
 * the thread's optimised code checks every typed-array access for detachment, and runs were ≈ 20% slower in that
 * worker for the rest of the batch (bench/README.md, "Shared result buffers").
 */
export function shareRuns(layout: RunLayout, runs: readonly ArrayBuffer[]): SharedArrayBuffer {
  const stride = runs[0]?.byteLength ?? layout.packedBytes; // the runs of a chunk share one layout (a --series all task packs more)
  const shared = new SharedArrayBuffer(stride * runs.length);
  const bytes = new Uint8Array(shared);
  runs.forEach((run, k) => bytes.set(new Uint8Array(run), k * stride));
  return shared;
}

/** Main side: run k of a shared chunk, copied into a buffer of its own (the journal and the table keep it). Given
 *  the chunk's `count` of runs, the stride follows from the chunk (a `--series all` task packs more than `layout`). */
export function runOfShared(layout: RunLayout, shared: SharedArrayBuffer, k: number, count?: number): ArrayBuffer {
  const stride = count === undefined ? layout.packedBytes : shared.byteLength / count;
  const out = new ArrayBuffer(stride);
  new Uint8Array(out).set(new Uint8Array(shared, k * stride, stride));
  return out;
}
