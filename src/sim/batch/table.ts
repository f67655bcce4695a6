// The state of every run a process owns, by slot (= run-index order): pending, done with its metrics, or failed
// with its error. Only the metrics live here (13 doubles a run); series go straight to series.f32.
import type { RunLayout } from './layout.js';
import type { RunList } from './spec.js';

const PENDING = 0, OK = 1, FAILED = 2;

export class RunTable {
  readonly rows: Float64Array;
  private readonly status: Uint8Array;
  private readonly errors = new Map<number, string>();
  done = 0;
  failed = 0;

  constructor(readonly list: RunList, readonly layout: RunLayout) {
    this.rows = new Float64Array(list.count * layout.metrics);
    this.status = new Uint8Array(list.count);
  }

  isPending = (slot: number): boolean => this.status[slot] === PENDING;
  isOk = (slot: number): boolean => this.status[slot] === OK;
  isFailed = (slot: number): boolean => this.status[slot] === FAILED;
  errorOf = (slot: number): string | undefined => this.errors.get(slot);
  row = (slot: number): Float64Array => this.rows.subarray(slot * this.layout.metrics, (slot + 1) * this.layout.metrics);

  setOk(slot: number, metrics: ArrayLike<number>): void {
    this.forget(slot);
    this.rows.set(metrics, slot * this.layout.metrics);
    this.status[slot] = OK;
    this.done++;
  }

  setFailed(slot: number, error: string): void {
    this.forget(slot);
    this.errors.set(slot, error);
    this.status[slot] = FAILED;
    this.failed++;
  }

  get finished(): number {
    return this.done + this.failed;
  }

  *pendingSlots(): Generator<number> {
    for (let s = 0; s < this.list.count; s++) if (this.status[s] === PENDING) yield s;
  }

  private forget(slot: number): void {
    if (this.status[slot] === OK) this.done--;
    if (this.status[slot] === FAILED) { this.failed--; this.errors.delete(slot); }
  }
}
