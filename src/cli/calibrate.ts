// `fimasim calibrate`: estimate a study's parameters from the data by the simulated method of moments (docs/calibrate.md).
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { calibrate } from '../api/index.js';
import type { CalibrationResult } from '../sim/calibrate/run-calibrate.js';
import { studyNames } from '../sim/calibrate/study.js';
import { formatNumber } from '../sim/format.js';
import { writeCalibrationReport } from '../sim/calibrate/report.js';
import { interruptible } from './interruptible.js';
import { checkNonNegativeInt, checkPositiveInt, checkSeed, checkWorkers, outFlag, withSeed } from './options.js';
import { UsageError } from './errors.js';
import { cliContext } from './batch.js';

export const calibrateCommand: CommandModule = {
  command: 'calibrate',
  describe: 'estimate uncertain parameters from the data by the simulated method of moments',
  builder: (y) =>
    withSeed(y)
      .option('study', { type: 'string', default: 'rates-plumbing', describe: `a study file (.json) or a built-in study (${studyNames().join(', ')})` })
      .option('window', { type: 'string', describe: "the data window D1..D2 (default: the study's)" })
      .option('budget', { type: 'string', describe: "evaluations of the search: Latin hypercube, then Nelder–Mead (default: the study's)" })
      .option('runs', { type: 'string', describe: "runs per evaluation, the same seeds at every θ (default: the study's)" })
      .option('weighting', { type: 'string', choices: ['diagonal', 'full'], describe: "the bootstrap weighting matrix (default: the study's, else diagonal)" })
      .option('identify', { type: 'string', describe: "bootstrap replicas the estimate is repeated on; 0 skips the identification check (default: the study's)" })
      .option('workers', { type: 'string', default: 'auto', describe: "worker threads: a positive integer, or 'auto'" })
      .option('data', { type: 'string', describe: 'folder of date,value series (default: $FIMASIM_DATA, else the bundled data/)' })
      .option('out', { type: 'string', describe: 'calibration folder (default runs/calibrate-<study>-<seed>-<stamp>/)' })
      .option('resume', { type: 'boolean', default: false, describe: 'complete an interrupted calibration in --out' })
      .option('json', { type: 'boolean', default: false, describe: 'print best.json on stdout' })
      .option('recover', { type: 'string', array: true, describe: "recovery: path=value (repeatable) sets θ*; the \"data\" are the study's scenario at θ* run over the window's segments (seeds 987654 + k), not the data" })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .example('$0 calibrate --study rates-plumbing --budget 40 --runs 20', 'the built-in study')
      .example('$0 calibrate --study rates-plumbing --recover market.ust.fundamentalSdBp=7 --recover treasury.fiscalSdPerTick=30', 'find a known θ* again')
      .example('$0 calibrate --study my-study.json --window 2019-01-02..2024-06-14 --out runs/cal', 'a study of your own'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const opt = (flag: string, v: unknown, check = checkPositiveInt) => (v === undefined ? undefined : check(flag, v));
    const budget = opt('--budget', argv.budget), runs = opt('--runs', argv.runs), identification = opt('--identify', argv.identify, checkNonNegativeInt);
    if (budget !== undefined && budget < 2) throw new UsageError(`--budget: expected at least 2 evaluations, found ${budget}`);
    if (runs !== undefined && runs < 2) throw new UsageError(`--runs: expected at least 2 runs per evaluation, found ${runs}`);
    const workers = checkWorkers(argv.workers);
    const quiet = Boolean(argv.quiet);
    const studyRef = String(argv.study);
    const outcome = await interruptible((signal) => calibrate({
      study: studyRef, ...(argv.window === undefined ? {} : { window: String(argv.window) }), budget, runs, identification,
      ...(argv.weighting === undefined ? {} : { weighting: String(argv.weighting) as 'diagonal' | 'full' }), seed, workers, out: outFlag(argv.out),
      resume: Boolean(argv.resume), ...(argv.data === undefined ? {} : { dataDir: String(argv.data) }), cli: cliContext(),
      recover: ((argv.recover as unknown[] | undefined) ?? []).map(String),
      onNotice: quiet ? undefined : (line) => process.stderr.write(`fimasim: ${line}\n`), signal,
    }), {
      resumeHint: (e) => `calibration ${e.message}; complete it with the same command and --resume --out ${(e as { root?: string }).root ?? e.dir}`,
    });
    const result = outcome?.result;
    if (!result) return;
    let report: string | null = null;
    try {
      report = await writeCalibrationReport(result);
    } catch (e) {
      process.stderr.write(`fimasim: warning: the calibration report could not be written (${e instanceof Error ? e.message : String(e)})\n`);
      process.exitCode = 1;
    }
    const best = outcome!.best as object;
    const recovery = outcome!.recovery;
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ out: result.dir, report, ...best, ...(recovery ? { recovery } : {}) }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${lines(result, best as BestView, report).join('\n')}\n`);
    if (recovery) {
      process.stdout.write('  recovery: θ* → θ̂ (sd: the larger of the replicas\' and the sandwich\'s; |θ̂ − θ*| in sd)\n');
      for (const r of recovery) {
        process.stdout.write(`    ${r.path.padEnd(36)} ${r.truth} → ${r.estimate} (sd ${formatNumber(r.sd)}; ${formatNumber(r.distance)} sd)` +
          `${r.identified ? '' : ' not identified'}${r.within ? ' within 2 sd' : ' OUTSIDE 2 sd'}\n`);
      }
    }
  },
};

interface BestView { theta: Record<string, number>; loss: number; jStatistic: number; df: number; pValue: number | null; momentCoverage: number;
  momentsInside: number; moments: number; identification: { path: string; sd: number; min: number; max: number; identified: boolean }[] | null }

function lines(r: CalibrationResult, b: BestView, report: string | null): string[] {
  const out = [`calibration of ${r.meta.study.name} · window ${r.meta.window} · ${r.meta.segments.length} segment(s) · ${r.meta.runs} runs per θ · ` +
    `${r.evaluations.length} evaluations · ${r.meta.workers} worker${r.meta.workers === 1 ? '' : 's'}`];
  for (const p of r.parameters) {
    const id = b.identification?.find((i) => i.path === p.path);
    out.push(`  ${p.path.padEnd(36)} ${String(b.theta[p.path]).padStart(10)}   range ${p.lo}..${p.hi}` +
      (id ? `   sd ${id.sd} (replicas ${id.min}..${id.max})${id.identified ? '' : '  NOT IDENTIFIED'}` : ''));
  }
  out.push(`  loss ${b.loss} · J ${b.jStatistic} (df ${b.df}, p ${b.pValue ?? '–'}) · ${b.momentsInside}/${b.moments} moments inside · moment coverage ${b.momentCoverage}`);
  if (r.better) out.push(`  warning: evaluation ${r.better.index} (${r.better.stage}) fits the data better than θ̂ (loss ${formatNumber(r.loss(r.better))}): the main search had not converged; raise the budget`);
  out.push(`  Files: ${['calibration.csv', 'moments.csv', 'best.json', 'calibrated.json'].map((f) => join(r.dir, f)).join(', ')}`);
  if (report) out.push(`  Report: ${report}`);
  return out;
}
