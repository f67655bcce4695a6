// Recovery: "data" simulated by the model itself at a known θ*, calibrated at a small budget; the estimate must land
// within two bootstrap sd (the spread of the identification re-estimates) of θ*. market.ust.fundamentalSdBp against
// the sd of daily 10y changes: a rates parameter, untouched by the crypto model. The policy rate stays put (no
// realised path): since issue 14 item 1 each realised change of 2023 is a policy surprise whose size depends on the
// path's short-end news, a few large one-day 10y jumps that make a single path's daily sd noisy beyond what the
// block bootstrap sees (with the realised path: θ̂ = 8.5, bootstrap sd 0.55; without: θ̂ = 7.25, sd 0.13).
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../batch/cli.js';
import { recoveryData, recoveryTable } from '../../src/sim/calibrate/recovery.js';
import { runCalibration } from '../../src/sim/calibrate/run-calibrate.js';
import { studySchema } from '../../src/sim/calibrate/study.js';

const tmp = tempDir('recovery');
afterAll(tmp.cleanup);

const THETA = 7.3; // not a point of the first stage's grid (4, 8, 12)
const WINDOW = '2023-01-03..2023-12-29';

describe('recovery of a known θ*', () => {
  it(`finds market.ust.fundamentalSdBp = ${THETA} from a run of the model`, async () => {
    const study = studySchema.parse({
      name: 'recovery', scenario: 'smoke', parameters: ['market.ust.fundamentalSdBp=uniform(2,14)'], moments: ['ust10y.dailySd'],
      window: WINDOW, segmentDays: 247, realisedPolicy: false, bootstrap: 200, blockDays: 21, budget: 8, runs: 8, identification: 5, identificationBudget: 4,
    });
    // the "data": one smoke run at θ* over 2023 (247 ticks) on seed 987654, which no evaluation uses (recovery.ts,
    // the same function as `fimasim calibrate --recover`)
    const empirical = await recoveryData(study, { sets: [`market.ust.fundamentalSdBp=${THETA}`] });
    expect(empirical.days).toHaveLength(248); // 247 ticks, one segment
    const r = await runCalibration({ study, studyRef: 'recovery', seed: '1', workers: 1, out: join(tmp.dir, 'cal'), resume: false, command: 'test', empirical });
    const estimate = r.best.values[0];
    const id = r.identification![0];
    // eslint-disable-next-line no-console
    console.log(`recovery: θ* = ${THETA}, θ̂ = ${estimate}, bootstrap sd ${id.sd.toFixed(3)}, replicas ${id.estimates.join(', ')}, loss ${r.loss(r.best).toFixed(4)}`);
    expect(id.identified).toBe(true);
    expect(id.sd).toBeGreaterThan(0);
    expect(Math.abs(estimate - THETA)).toBeLessThanOrEqual(2 * id.sd);
    const [row] = recoveryTable([['market.ust.fundamentalSdBp', THETA]], { 'market.ust.fundamentalSdBp': estimate }, r.identification);
    expect(row).toMatchObject({ truth: THETA, estimate, sd: id.sd, identified: true, within: true });
    expect(row.distance).toBeCloseTo(Math.abs(estimate - THETA) / id.sd, 12);
  });
});
