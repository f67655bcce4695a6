// The bounds of what one command may ask for (issue 19, item 5). Beyond them a typo (`--runs 1e9`, a grid of ten
// million points, 200 workers on 2 cores) would run the machine out of memory or disk long before finishing;
// each bound is checked once, at the edge, with a message naming the flag and the limit.
import { availableParallelism } from 'node:os';

/** Runs of one batch (and runs × points of a sweep): series.f32 and the journal grow by ≈ 12 kB per run of 252 ticks. */
export const MAX_RUNS = 1_000_000;
/** Points of a sweep grid (each is a batch folder). */
export const MAX_GRID_POINTS = 10_000;
/** Worker threads: each holds a scenario and its own heap (≈ 15 MB); more than the cores only adds memory. */
export const maxWorkers = (): number => Math.max(64, 4 * availableParallelism());

/** 1000000 → '1,000,000' (fixed, whatever the locale). */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
