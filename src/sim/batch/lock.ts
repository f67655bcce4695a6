// batch.lock: one process owns a batch folder at a time. The lock names its owner (host, pid) and the owner
// refreshes its modification time every few seconds. A lock is stale, and taken over, when its owner is gone: a
// pid that no longer exists on this host (a kill, SIGKILL included), or no refresh for STALE_MS (an owner on
// another host of a shared volume, e.g. a cluster job that was killed and rescheduled on another node).
import { UserError } from '../../errors.js';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fsOp } from '../files/fs-ops.js';

export const LOCK_FILE = 'batch.lock';
const REFRESH_MS = 10_000;
export const STALE_MS = 120_000;

export class LockError extends UserError {
  constructor(message: string) {
    super('batch', message);
    this.name = 'LockError';
  }
}

export interface FolderLock {
  release(): void;
}

const heldLocks = new Set<FolderLock>();

/** Releases every lock this process holds: for an exit that cannot wait for the batch to unwind (a second Ctrl-C). */
export function releaseHeldLocks(): void {
  for (const lock of [...heldLocks]) lock.release();
}

export function lockFolder(dir: string): FolderLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (createLock(path)) return held(path);
    const owner = readOwner(path);
    if (!owner.stale) {
      throw new LockError(`${dir} is in use by ${owner.who}: ${path} exists. If no process is working on this folder ` +
        `any more, delete ${path} and run the command again.`);
    }
    const took = takeOver(path);
    if (took === 'taken') return held(path);
    if (took === 'busy') sleepMs(2); // another process is taking it over this instant: see what it did
  }
  throw new LockError(`${dir}: could not take ${path} (other processes kept taking it over at the same moment)`);
}

/** Creates the lock file exclusively; false when it exists. */
function createLock(path: string): boolean {
  try {
    fsOp('open', path, () => {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() })}\n`);
      } finally {
        closeSync(fd);
      }
    });
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
    return false;
  }
}

/**
 * Takes over a stale lock atomically (issue 19, item 3). Deleting a stale lock and creating a new one are two steps:
 * two processes that both judged the lock stale could each delete it and create their own (or delete the one the
 * other had just created), and both believe they hold the folder. So a takeover happens only under a second,
 * exclusively created file, `batch.lock.takeover`: its holder judges the lock again (another process may have
 * taken it over meanwhile), deletes it only if it is still stale, and creates its own before letting go. A
 * takeover file whose process is gone, or older than TAKEOVER_STALE_MS (a takeover takes microseconds), is removed.
 */
function takeOver(path: string): 'taken' | 'lost' | 'busy' {
  const mutex = `${path}.takeover`;
  if (!createLock(mutex)) {
    if (readOwner(mutex, TAKEOVER_STALE_MS).stale) try { unlinkSync(mutex); } catch { /* gone already */ }
    return 'busy';
  }
  try {
    const owner = readOwner(path);
    if (!owner.stale) return 'lost';
    // a missing lock may be created by anyone at any moment: never delete what might be theirs
    if (!owner.missing) try { unlinkSync(path); } catch { /* gone already */ }
    return createLock(path) ? 'taken' : 'lost';
  } finally {
    try { unlinkSync(mutex); } catch { /* nothing to do */ }
  }
}

const TAKEOVER_STALE_MS = 10_000;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function held(path: string): FolderLock {
  const timer = setInterval(() => {
    const now = new Date();
    try { utimesSync(path, now, now); } catch { /* the folder went away; nothing to keep fresh */ }
  }, REFRESH_MS);
  timer.unref();
  let owned = true;
  const lock: FolderLock = {
    release: () => {
      if (!owned) return;
      owned = false;
      heldLocks.delete(lock);
      clearInterval(timer);
      try { fsOp('unlink', path, () => unlinkSync(path)); } catch { /* already gone, or a simulated kill */ }
    },
  };
  heldLocks.add(lock);
  return lock;
}

function readOwner(path: string, staleMs = STALE_MS): { stale: boolean; who: string; missing?: boolean } {
  let age = 0;
  try { age = Date.now() - statSync(path).mtimeMs; } catch { return { stale: true, who: 'nobody', missing: true }; }
  let o: { host?: unknown; pid?: unknown; since?: unknown } = {};
  try { o = JSON.parse(readFileSync(path, 'utf8')) as typeof o; } catch { /* being written, or damaged: judged by age */ }
  const who = typeof o.pid === 'number' ? `process ${o.pid} on ${String(o.host)} (refreshed ${Math.round(age / 1000)} s ago)` : 'another process';
  if (age > staleMs) return { stale: true, who };
  if (o.host === hostname() && typeof o.pid === 'number' && !alive(o.pid)) return { stale: true, who };
  return { stale: false, who };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
