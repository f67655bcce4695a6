// Every write, rename, fsync, truncate and unlink of a batch goes through `fsOp`, for two reasons:
// - an OS error becomes a FileError naming the path, the operation and the OS reason (writeSync on a descriptor
//   reports neither the path nor which file), which the CLI shows as a user error (exit 2) without a stack trace;
// - the crash-consistency tests inject a fault at the n-th operation (test/batch/faults.test.ts), the way SQLite
//   tests its recovery: an OS error (ENOSPC, EIO) at that operation only, or a kill just before it.
import { UserError } from '../../errors.js';

export type FsOpKind = 'mkdir' | 'open' | 'write' | 'truncate' | 'fsync' | 'rename' | 'unlink';

/** An OS error on a file fimasim writes: `path`, what it was doing, and the OS reason. */
export class FileError extends UserError {
  constructor(readonly path: string, readonly op: FsOpKind | string, readonly code: string, reason: string) {
    super('file', `cannot ${op} ${path}: ${reason} (${code})`);
    this.name = 'FileError';
  }
}

/** `fault`: an OS error at operation `at` only; 'KILL': the process dies just before operation `at` (SIGKILL);
 *  'FREEZE': the in-process stand-in for a kill: operation `at` and every later one fail, so the files stay as a
 *  kill at that moment would leave them. */
export interface FaultPlan {
  readonly at: number;
  readonly fault: 'ENOSPC' | 'EIO' | 'KILL' | 'FREEZE';
}

export class FrozenError extends Error {
  constructor(op: string, path: string) {
    super(`simulated kill: ${op} ${path} did not happen`);
    this.name = 'FrozenError';
  }
}

let plan: FaultPlan | null = null;
let count = 0;
let frozen = false;

/** Arms (or with null disarms) fault injection and resets the operation count. */
export function armFaults(p: FaultPlan | null): void {
  plan = p;
  count = 0;
  frozen = false;
}

/** Operations counted since `armFaults`. */
export const fsOpCount = (): number => count;

/** FIMASIM_FAULT=<n>:<ENOSPC|EIO|KILL>: the test hook, read by the batch command only. */
export function faultPlanFromText(text: string): FaultPlan | null {
  const m = /^(\d+):(ENOSPC|EIO|KILL)$/.exec(text.trim());
  return m ? { at: Number(m[1]), fault: m[2] as FaultPlan['fault'] } : null;
}

/** Runs one file-system operation on `path`: counted, possibly faulted, its OS error turned into a FileError. */
export function fsOp<T>(op: FsOpKind, path: string, fn: () => T): T {
  if (frozen) throw new FrozenError(op, path);
  count++;
  if (plan && count === plan.at) {
    if (plan.fault === 'KILL') process.kill(process.pid, 'SIGKILL');
    if (plan.fault === 'FREEZE') {
      frozen = true;
      throw new FrozenError(op, path);
    }
    throw new FileError(path, op, plan.fault, plan.fault === 'ENOSPC' ? 'no space left on device' : 'i/o error');
  }
  try {
    return fn();
  } catch (e) {
    throw asFileError(e, op, path) ?? e;
  }
}

/** An OS error (one with an errno code) as a FileError; null for anything else. */
export function asFileError(e: unknown, op?: string, path?: string): FileError | null {
  if (e instanceof FileError) return e;
  const x = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof x.code !== 'string' || !/^E[A-Z0-9]+$/.test(x.code)) return null;
  // Node's message is "ENOSPC: no space left on device, write": keep the reason only
  const reason = /^E[A-Z0-9]+: ([^,]+)/.exec(x.message)?.[1] ?? x.message;
  return new FileError(path ?? x.path ?? (x as { dest?: string }).dest ?? '(unknown file)', op ?? x.syscall ?? 'use', x.code, reason);
}
