// The shape of one run's record in a batch: its metrics (Float64, metric-table order) and its compact series
// (Float32, output units, the BANDED series one after another, ticks + 1 values each). The same layout is used by
// the buffer a worker returns, the journal records and the fixed-stride series.f32 file.
import { BANDED } from '../run/series.js';
import { METRICS } from '../run/metrics.js';

export interface RunLayout {
  readonly metrics: number; // Float64 values per run
  readonly points: number; // ticks + 1
  readonly floats: number; // Float32 values per run: BANDED.length × points
  readonly seriesBytes: number; // the stride of series.f32
  readonly packedBytes: number; // metrics + series, the buffer a worker returns
}

export function runLayout(ticks: number): RunLayout {
  const points = ticks + 1;
  const floats = BANDED.length * points;
  return { metrics: METRICS.length, points, floats, seriesBytes: floats * 4, packedBytes: METRICS.length * 8 + floats * 4 };
}

export interface PackedRun {
  readonly metrics: Float64Array;
  readonly series: Float32Array;
}

/** One buffer for the metrics and the compact series, so a run is one block of bytes wherever it goes. */
export function packRun(layout: RunLayout, metrics: Float64Array, series: Float32Array): ArrayBuffer {
  const buf = new ArrayBuffer(layout.packedBytes);
  new Float64Array(buf, 0, layout.metrics).set(metrics);
  new Float32Array(buf, layout.metrics * 8, layout.floats).set(series);
  return buf;
}

export function unpackRun(layout: RunLayout, buf: ArrayBuffer): PackedRun {
  if (buf.byteLength !== layout.packedBytes) {
    throw new Error(`a packed run has ${buf.byteLength} bytes, expected ${layout.packedBytes}`);
  }
  return { metrics: new Float64Array(buf, 0, layout.metrics), series: new Float32Array(buf, layout.metrics * 8, layout.floats) };
}

/**
 * Worker side: a chunk's packed runs one after another in one SharedArrayBuffer, which reaches the main thread
 * without a copy, like a transfer, but without detaching anything. Transferring (`Piscina.move`) detaches the
 * worker's buffer, and the first detach in a thread invalidates V8's ArrayBuffer-detaching protector: from then on
 * the thread's optimised code checks every typed-array access for detachment, and runs were ≈ 20% slower in that
 * worker for the rest of the batch (bench/README.md, "Shared result buffers").
 */
export function shareRuns(layout: RunLayout, runs: readonly ArrayBuffer[]): SharedArrayBuffer {
  const shared = new SharedArrayBuffer(layout.packedBytes * runs.length);
  const bytes = new Uint8Array(shared);
  runs.forEach((run, k) => bytes.set(new Uint8Array(run), k * layout.packedBytes));
  return shared;
}

/** Main side: run k of a shared chunk, copied into a buffer of its own (the journal and the table keep it). */
export function runOfShared(layout: RunLayout, shared: SharedArrayBuffer, k: number): ArrayBuffer {
  const out = new ArrayBuffer(layout.packedBytes);
  new Uint8Array(out).set(new Uint8Array(shared, k * layout.packedBytes, layout.packedBytes));
  return out;
}
