// The run journal (journal.bin): one record per finished run, appended as it finishes, in arrival order.
// A record is [magic u32][payload length u32][crc32 of payload u32][payload], the payload being
// [run index u32][kind u32] then, for a successful run, the packed run (layout.ts), or for a failed run its error
// as UTF-8. Each record is one write() and nothing is fsynced per record: that survives SIGKILL, which is what a
// journal is for here (fsync only guards against power loss). On open, a torn or corrupt tail is cut off; the runs
// it held are simply run again.
import { UserError } from '../../errors.js';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { fsOp } from '../files/fs-ops.js';
import type { RunLayout } from './layout.js';

const FILE_MAGIC = Buffer.from('FIMAJNL1', 'latin1');
const HEADER_BYTES = FILE_MAGIC.length + 8; // + metrics per run, floats per run
const RECORD_MAGIC = 0x52_4a_46_46; // 'FFJR' little-endian
const RECORD_HEADER = 12;
const KIND_OK = 1;
const KIND_FAILED = 2;

export type JournalEntry =
  | { readonly runIndex: number; readonly ok: true; readonly packed: ArrayBuffer }
  | { readonly runIndex: number; readonly ok: false; readonly error: string };

export class JournalError extends UserError {
  constructor(message: string) {
    super('batch', message);
    this.name = 'JournalError';
  }
}

export class Journal {
  /** Set by a failed append: the journal takes no more records (a run journaled after a write error could be an
   *  abort, not a result). */
  private broken = false;

  private constructor(private fd: number, readonly path: string, private end: number) {}

  /** Opens (or creates) the journal, calls `onEntry` for every intact record and cuts off a torn tail. */
  static open(path: string, layout: RunLayout, onEntry: (e: JournalEntry) => void): { journal: Journal; records: number; droppedBytes: number } {
    const fresh = !existsSync(path);
    const fd = fsOp('open', path, () => openSync(path, fresh ? 'w+' : 'r+'));
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(HEADER_BYTES);
    FILE_MAGIC.copy(header, 0);
    header.writeUInt32LE(layout.metrics, FILE_MAGIC.length);
    header.writeUInt32LE(layout.floats + layout.extraFloats, FILE_MAGIC.length + 4);
    if (size < HEADER_BYTES) {
      // a new journal, or one killed before its header was complete
      fsOp('truncate', path, () => ftruncateSync(fd, 0));
      fsOp('write', path, () => writeSync(fd, header, 0, HEADER_BYTES, 0));
      return { journal: new Journal(fd, path, HEADER_BYTES), records: 0, droppedBytes: size };
    }
    const found = Buffer.alloc(HEADER_BYTES);
    readSync(fd, found, 0, HEADER_BYTES, 0);
    if (!found.equals(header)) {
      closeSync(fd);
      throw new JournalError(`${path} was written by a fimasim with another run layout or is not a run journal`);
    }
    let pos = HEADER_BYTES;
    let records = 0;
    const head = Buffer.alloc(RECORD_HEADER);
    let body = Buffer.alloc(layout.packedBytes + 8);
    while (pos + RECORD_HEADER <= size) {
      readSync(fd, head, 0, RECORD_HEADER, pos);
      const length = head.readUInt32LE(4);
      if (head.readUInt32LE(0) !== RECORD_MAGIC || length < 8 || pos + RECORD_HEADER + length > size) break;
      if (body.length < length) body = Buffer.alloc(length);
      readSync(fd, body, 0, length, pos + RECORD_HEADER);
      const payload = body.subarray(0, length);
      if (crc32(payload) !== head.readUInt32LE(8)) break;
      const entry = decode(payload, layout);
      if (!entry) break;
      onEntry(entry);
      records++;
      pos += RECORD_HEADER + length;
    }
    if (pos < size) fsOp('truncate', path, () => ftruncateSync(fd, pos));
    return { journal: new Journal(fd, path, pos), records, droppedBytes: size - pos };
  }

  append(entry: JournalEntry): void {
    const body = entry.ok ? Buffer.from(entry.packed) : Buffer.from(entry.error, 'utf8');
    const record = Buffer.alloc(RECORD_HEADER + 8 + body.length);
    record.writeUInt32LE(entry.runIndex, RECORD_HEADER);
    record.writeUInt32LE(entry.ok ? KIND_OK : KIND_FAILED, RECORD_HEADER + 4);
    body.copy(record, RECORD_HEADER + 8);
    record.writeUInt32LE(RECORD_MAGIC, 0);
    record.writeUInt32LE(record.length - RECORD_HEADER, 4);
    record.writeUInt32LE(crc32(record.subarray(RECORD_HEADER)), 8);
    if (this.broken) throw new JournalError(`${this.path}: no record can be added after a failed write`);
    // one write at the end of the file: a kill leaves at most this record torn
    try {
      fsOp('write', this.path, () => {
        let done = 0;
        while (done < record.length) done += writeSync(this.fd, record, done, record.length - done, this.end + done);
      });
    } catch (e) {
      this.broken = true;
      // cut the partial record off now if the disk lets us; otherwise the next open drops it (bad checksum)
      try { ftruncateSync(this.fd, this.end); } catch { /* the next open cuts it off */ }
      throw e;
    }
    this.end += record.length;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function decode(payload: Buffer, layout: RunLayout): JournalEntry | null {
  const runIndex = payload.readUInt32LE(0);
  const kind = payload.readUInt32LE(4);
  if (kind === KIND_OK) {
    if (payload.length !== 8 + layout.packedBytes) return null;
    const packed = new ArrayBuffer(layout.packedBytes);
    new Uint8Array(packed).set(payload.subarray(8));
    return { runIndex, ok: true, packed };
  }
  if (kind === KIND_FAILED) return { runIndex, ok: false, error: payload.subarray(8).toString('utf8') };
  return null;
}

/** Bytes of one successful run's record, so a test can count records from the file size. */
export const okRecordBytes = (layout: RunLayout): number => RECORD_HEADER + 8 + layout.packedBytes;
export const JOURNAL_HEADER_BYTES = HEADER_BYTES;
