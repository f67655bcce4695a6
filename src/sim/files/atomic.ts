// Final files are written to a temporary name and renamed, then the directory is fsynced, so a reader never sees
// a half-written file and a crash leaves either the old file or the new one (design §11). A temporary file left by
// a killed process is removed by the next process that owns the folder (removeStaleTemps).
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { FrozenError, fsOp } from './fs-ops.js';

const TEMP = /^\..+\.tmp-\d+$/;

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    fsOp('write', tmp, () => writeFileSync(tmp, content));
    fsOp('fsync', tmp, () => {
      const fd = openSync(tmp, 'r');
      try { fsyncSync(fd); } finally { closeSync(fd); }
    });
    fsOp('rename', path, () => renameSync(tmp, path));
  } catch (e) {
    // nothing half-written stays behind (after a simulated kill the files stay as a kill would leave them)
    if (!(e instanceof FrozenError)) try { unlinkSync(tmp); } catch { /* never created */ }
    throw e;
  }
  fsyncDir(dirname(path));
}

/** A file written piece by piece under its temporary name; `commit` fsyncs and renames it into place, `abort`
 *  removes it. A kill in between leaves only the temporary file, which removeStaleTemps clears. */
export interface AtomicStream {
  readonly path: string;
  readonly tmp: string;
  write(bytes: string | Uint8Array): void;
  commit(): void;
  abort(): void;
}

export function openAtomicStream(path: string): AtomicStream {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  let fd = fsOp('open', tmp, () => openSync(tmp, 'w'));
  const close = (): void => { if (fd >= 0) { closeSync(fd); fd = -1; } };
  return {
    path, tmp,
    write: (bytes) => {
      const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
      fsOp('write', tmp, () => {
        let done = 0;
        while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
      });
    },
    commit: () => {
      fsOp('fsync', tmp, () => fsyncSync(fd));
      close();
      fsOp('rename', path, () => renameSync(tmp, path));
      fsyncDir(dirname(path));
    },
    abort: () => {
      close();
      try { unlinkSync(tmp); } catch { /* already gone */ }
    },
  };
}

export function fsyncDir(dir: string): void {
  fsOp('fsync', dir, () => {
    try {
      const fd = openSync(dir, 'r');
      try { fsyncSync(fd); } finally { closeSync(fd); }
    } catch {
      // some filesystems do not allow fsync on a directory; the rename is still atomic
    }
  });
}

/** Whether `name` is a temporary file of writeFileAtomic. */
export const isTempName = (name: string): boolean => TEMP.test(name);

/** Removes the temporary files a killed writer left in `dir`; call it only while owning the folder. */
export function removeStaleTemps(dir: string): string[] {
  const removed = readdirSync(dir).filter(isTempName);
  for (const name of removed) fsOp('unlink', join(dir, name), () => unlinkSync(join(dir, name)));
  return removed;
}
