// batch.lock: one process owns a batch folder at a time. The lock names its owner (host, pid) and the owner
// refreshes its modification time every few seconds. A lock is stale, and taken over, when its owner is gone: a
// pid that no longer exists on this host (a kill, SIGKILL included), or no refresh for STALE_MS (an owner on
// another host of a shared volume, e.g. a cluster job that was killed and rescheduled on another node).
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fsOp } from '../files/fs-ops.js';

export const LOCK_FILE = 'batch.lock';
const REFRESH_MS = 10_000;
export const STALE_MS = 120_000;

export class LockError extends Error {
  constructor(message: string) {
    super(message);
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fsOp('open', path, () => {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, `${JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() })}\n`);
        } finally {
          closeSync(fd);
        }
      });
      return held(path);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      if (owner.stale) {
        try { unlinkSync(path); } catch { /* another process took it over first; the retry will say so */ }
        continue;
      }
      throw new LockError(`${dir} is in use by ${owner.who}: ${path} exists. If no process is working on this folder ` +
        `any more, delete ${path} and run the command again.`);
    }
  }
  throw new LockError(`${dir}: could not take ${path} (another process took it over at the same moment)`);
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

function readOwner(path: string): { stale: boolean; who: string } {
  let age = 0;
  try { age = Date.now() - statSync(path).mtimeMs; } catch { return { stale: true, who: 'nobody' }; }
  let o: { host?: unknown; pid?: unknown; since?: unknown } = {};
  try { o = JSON.parse(readFileSync(path, 'utf8')) as typeof o; } catch { /* being written, or damaged: judged by age */ }
  const who = typeof o.pid === 'number' ? `process ${o.pid} on ${String(o.host)} (refreshed ${Math.round(age / 1000)} s ago)` : 'another process';
  if (age > STALE_MS) return { stale: true, who };
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
