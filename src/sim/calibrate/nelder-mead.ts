// Nelder–Mead within a box: the standard simplex moves (reflection 1, expansion 2, contraction ½, shrink ½;
// Lagarias et al. 1998), each new point projected onto [lo, hi] per coordinate. The objective may be async (a
// calibration's evaluation is a batch of runs); it is called in a fixed order, so the search is deterministic.

export interface NelderMeadOptions {
  readonly lo: readonly number[];
  readonly hi: readonly number[];
  /** The most objective calls, the initial simplex included. */
  readonly maxEvaluations: number;
  /** Ends the search before the next call when it returns true (e.g. a budget of *new* evaluations, when the
   *  objective remembers points it has seen). */
  readonly stop?: () => boolean;
  /** The initial simplex's edge, as a share of each coordinate's range. */
  readonly step?: number;
  /** Stop when every vertex is within xTolerance (share of range) of the best and their values within fTolerance. */
  readonly xTolerance?: number;
  readonly fTolerance?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly f: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

type Vertex = { x: number[]; f: number };

const STOP = Symbol('stop');

export async function nelderMead(f: (x: number[]) => number | Promise<number>, x0: readonly number[], o: NelderMeadOptions): Promise<NelderMeadResult> {
  const n = x0.length;
  const range = o.lo.map((l, i) => o.hi[i] - l);
  const clamp = (x: number[]): number[] => x.map((v, i) => Math.min(o.hi[i], Math.max(o.lo[i], v)));
  const step = o.step ?? 0.1;
  const xTol = o.xTolerance ?? 1e-4, fTol = o.fTolerance ?? 1e-10;
  let evaluations = 0;
  // every call goes through here; the budget ends the search by unwinding to the top
  const value = async (x: number[]): Promise<number> => {
    if (evaluations >= o.maxEvaluations || o.stop?.()) throw STOP;
    evaluations++;
    const v = await f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const simplex: Vertex[] = [];
  // a stable sort with a comparator that also orders infinities: ties keep their place, so runs agree
  const order = () => simplex.sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  const converged = (): boolean => {
    const best = simplex[0];
    return simplex.length === n + 1 &&
      simplex.every((v) => Math.abs(v.f - best.f) <= fTol && v.x.every((c, i) => Math.abs(c - best.x[i]) <= xTol * range[i]));
  };

  const search = async (): Promise<boolean> => {
    const start = clamp([...x0]);
    simplex.push({ x: start, f: await value(start) });
    for (let i = 0; i < n; i++) {
      const x = [...start];
      // step inside the box: away from the upper bound when it is nearer
      x[i] = start[i] + step * range[i] <= o.hi[i] ? start[i] + step * range[i] : start[i] - step * range[i];
      const v = clamp(x);
      simplex.push({ x: v, f: await value(v) });
    }
    for (;;) {
      order();
      if (converged()) return true;
      const worst = simplex[n];
      const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, v) => s + v.x[i], 0) / n);
      const along = (t: number): number[] => clamp(centroid.map((c, i) => c + t * (c - worst.x[i])));
      const r = along(1);
      const fr = await value(r);
      if (fr < simplex[0].f) {
        simplex[n] = { x: r, f: fr }; // kept if the expansion is not allowed
        const e = along(2);
        const fe = await value(e);
        if (fe < fr) simplex[n] = { x: e, f: fe };
      } else if (fr < simplex[n - 1].f) {
        simplex[n] = { x: r, f: fr };
      } else {
        const outside = fr < worst.f;
        const c = along(outside ? 0.5 : -0.5);
        const fc = await value(c);
        if (fc < (outside ? fr : worst.f)) {
          simplex[n] = { x: c, f: fc };
        } else {
          // shrink towards the best vertex
          for (let k = 1; k <= n; k++) {
            const x = clamp(simplex[k].x.map((v, i) => simplex[0].x[i] + 0.5 * (v - simplex[0].x[i])));
            simplex[k] = { x, f: await value(x) };
          }
        }
      }
    }
  };

  let done = false;
  try {
    done = await search();
  } catch (e) {
    if (e !== STOP) throw e;
    if (simplex.length === 0) throw new RangeError('nelderMead: no evaluation allowed (maxEvaluations 0, or stop() at once)');
  }
  order();
  return { x: simplex[0].x, f: simplex[0].f, evaluations, converged: done };
}
