// The shape of one run's record in a batch: its metrics (Float64, metric-table order) and its compact series
// (Float32, output units, the BANDED series one after another, ticks + 1 values each). The same layout is used by
// the buffer a worker returns, the journal records and the fixed-stride series.f32 file.
import { BANDED } from '../series.js';
import { METRICS } from '../metrics.js';

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

/** One buffer for the metrics and the compact series, so a run leaves its worker as a single transfer. */
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
