// series.f32: every run's compact series (layout.ts) at offset slot × stride, slot being the run index in an
// unsharded batch (shard K/N: (runIndex − K) / N). A failed run's slot stays zero. The file is sized up front,
// so it has the same length whichever runs failed or finished last.
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { fsOp } from '../files/fs-ops.js';
import { BatchError } from './errors.js';
import type { RunLayout } from './layout.js';

export class SeriesFile {
  private constructor(private fd: number, readonly layout: RunLayout, readonly slots: number, readonly path: string) {}

  static open(path: string, layout: RunLayout, slots: number, mode: 'write' | 'read' = 'write'): SeriesFile {
    const fd = fsOp('open', path, () => openSync(path, mode === 'read' ? 'r' : existsSync(path) ? 'r+' : 'w+'));
    const want = slots * layout.seriesBytes;
    const size = fstatSync(fd).size;
    if (mode === 'write' && size !== want) {
      try {
        fsOp('truncate', path, () => ftruncateSync(fd, want));
      } catch (e) {
        closeSync(fd);
        throw e;
      }
    }
    if (mode === 'read' && size !== want) {
      closeSync(fd);
      throw new BatchError(`${path} has ${size} bytes, expected ${want} (${slots} runs × ${layout.seriesBytes} bytes): ` +
        'the file is truncated or damaged');
    }
    return new SeriesFile(fd, layout, slots, path);
  }

  write(slot: number, series: Float32Array): void {
    this.writeAt(slot, 0, series);
  }

  /** `values` into one slot from float `from` on. */
  writeAt(slot: number, from: number, values: Float32Array): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const at = slot * this.layout.seriesBytes + from * 4;
    fsOp('write', this.path, () => {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
    });
  }

  /** Floats [from, to) of one slot's series, into `into` (reused by the caller to keep memory flat). */
  read(slot: number, from: number, to: number, into: Float32Array): Float32Array {
    const out = into.subarray(0, to - from);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    const at = slot * this.layout.seriesBytes + from * 4;
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, at + done);
      if (n === 0) throw new Error(`series.f32 ended early at slot ${slot}`);
      done += n;
    }
    return out;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
