// `fimasim replay DIR --run I`: re-runs run I of a batch from its manifest, checks it against the batch's records
// (runs.csv row, or failures.jsonl error, and series.f32), and writes the run's series.csv, events.jsonl and
// summary.json. Exit 1, with the differing fields, when the replay does not reproduce the batch.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { replay } from '../api/index.js';
import type { Replay } from '../sim/experiments/replay.js';
import { writeRunFiles } from '../sim/run/run-output.js';
import { checkNonNegativeInt, checkRunOut, outFlag, withJson, withQuiet } from './options.js';
import { jsonText } from '../sim/format.js';

export const replayCommand: CommandModule = {
  command: 'replay <dir>',
  describe: "re-run one run of a batch bit for bit, check it against the batch's row and series, and write its files",
  builder: (y) => withQuiet(withJson(y, 'print the replay (match, differences, series check) as JSON on stdout; no files are written unless --out is given'))
    .positional('dir', { type: 'string', describe: 'a batch folder written by `fimasim batch`' })
    .option('run', { type: 'string', demandOption: true, describe: 'the run index to replay' })
    .option('out', { type: 'string', describe: 'folder for series.csv, events.jsonl and summary.json (default DIR/replay-<I>/)' })
    .option('allow-modules', { type: 'boolean', default: false, describe: "load the batch's custom policy modules even if they lie outside the folder or their content changed (they are code: docs/security.md)" })
    .example('$0 replay runs/thesis --run 17', 'redo run 17 and keep its per-tick series and events'),
  handler: async (argv) => {
    const dir = String(argv.dir);
    const runIndex = checkNonNegativeInt('--run', argv.run);
    const json = Boolean(argv.json);
    // --json alone writes nothing: the check is the result
    const out = outFlag(argv.out) ?? (json ? null : join(dir, `replay-${runIndex}`));
    if (out !== null) checkRunOut(out);
    const r: Replay = await replay(dir, runIndex, {
        allowModules: Boolean(argv['allow-modules']),
        onModules: (ms) => process.stderr.write(`fimasim: replay's batch names ${ms.length === 1 ? 'this policy module' : 'these policy modules'} (code that runs with your rights; imported only if allowed):\n` +
          ms.map((x) => `  ${x.policy}: ${x.module}${x.insideBatch ? '' : ' (outside the batch folder)'}${x.mismatch ? ` (${x.mismatch})` : ''}\n`).join('')),
      });
    const id = { scenario: r.scenario.name, scenarioHash: r.scenarioHash, seed: r.seed, runIndex };
    if (r.record && out !== null) writeRunFiles(out, id, r.record.result);
    if (!r.matches) process.exitCode = 1;
    if (json) {
      process.stdout.write(jsonText({ dir, ...id, recordedHash: r.recordedHash, matches: r.matches, recorded: r.recorded, error: r.error,
        differences: r.differences, series: r.series, out: r.record ? out : null }));
      return;
    }
    const lines = [`${r.scenario.name} · seed ${r.seed} · run ${r.runIndex} of ${dir}`];
    if (r.scenarioHash !== r.recordedHash) {
      lines.push(`  note: the scenario hash is now ${r.scenarioHash}, the batch recorded ${r.recordedHash} (a custom policy module changed?)`);
    }
    if (r.differences.length === 0) {
      lines.push('error' in r.recorded ? `  The run fails as it did in the batch: ${r.recorded.error}`
        : `  The row matches runs.csv exactly (${r.record!.metrics.length} metrics).`);
    } else {
      lines.push('  The replay does NOT match the batch:');
      const w = Math.max(5, ...r.differences.map((d) => d.field.length));
      lines.push(`    ${'field'.padEnd(w)}  recorded  →  replayed`);
      for (const d of r.differences) lines.push(`    ${d.field.padEnd(w)}  ${d.recorded}  →  ${d.replayed}`);
    }
    if (!r.series.checked && r.record) {
      lines.push(`  The series could NOT be checked: ${r.series.why ?? 'series.f32 is not usable'}.`);
    }
    if (r.series.checked) {
      lines.push(r.series.mismatches === 0 ? `  The series matches series.f32 (${r.series.values} values).`
        : `  The series differs from series.f32 in ${r.series.mismatches} of ${r.series.values} values; first: ${r.series.first!.series} at tick ` +
          `${r.series.first!.tick}: ${r.series.first!.recorded} → ${r.series.first!.replayed}`);
    }
    if (r.record && out !== null) lines.push(`  Files: ${out}/series.csv, events.jsonl, summary.json`);
    process.stdout.write(`${lines.join('\n')}\n`);
  },
};
