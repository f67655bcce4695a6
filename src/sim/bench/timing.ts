// Timing helpers of the benchmark: wall and CPU time of a piece of work, and the median of repetitions.

export interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number; // this process, all threads: well below wall time means the machine was busy elsewhere
}

export function timed(work: () => void): Timed {
  const c0 = process.cpuUsage(), t0 = performance.now();
  work();
  const wallMs = performance.now() - t0, c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

export async function timedAsync(work: () => Promise<void>): Promise<Timed> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0, c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

/** The median (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
