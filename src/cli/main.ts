#!/usr/bin/env node
// The `fimasim` command. User mistakes (any UserError: bad flags, scenario files, folders, data) are caught here
// and only here: a clear message and exit 2, without a stack trace; anything else is a bug and keeps its stack.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError } from './errors.js';
import { UserError } from '../errors.js';
import { asFileError } from '../sim/files/fs-ops.js';
import { NUMBER_FLAGS } from './options.js';
import { runCommand } from './run.js';
import { batchCommand } from './batch.js';
import { sweepCommand } from './sweep.js';
import { sampleCommand } from './sample.js';
import { compareCommand } from './compare.js';
import { replayCommand } from './replay.js';
import { reportCommand } from './report.js';
import { mergeCommand } from './merge.js';
import { scenariosCommand } from './scenarios.js';
import { validateCommand } from './validate.js';
import { benchCommand } from './bench.js';
import { dataCommand } from './data.js';
import { backtestCommand } from './backtest.js';
import { calibrateCommand } from './calibrate.js';
import { exploreCommand } from './explore.js';
import { btcFactsCommand } from './btc-facts.js';
import { exportCommand } from './export.js';
import { schemaCommand } from './schema.js';

export const EXIT_USAGE = 2;

async function main(): Promise<void> {
  const cli = yargs(hideBin(process.argv))
    .scriptName('fimasim')
    .usage('$0 <command> [options]\n\nAgent-based simulation of the Japanese-bank → Treasury yield → FIMA repo → dollar liquidity → BTC chain.')
    .command(runCommand)
    .command(batchCommand)
    .command(sweepCommand)
    .command(sampleCommand)
    .command(compareCommand)
    .command(replayCommand)
    .command(reportCommand)
    .command(mergeCommand)
    .command(scenariosCommand)
    .command(validateCommand)
    .command(benchCommand)
    .command(dataCommand)
    .command(backtestCommand)
    .command(calibrateCommand)
    .command(exploreCommand)
    .command(btcFactsCommand)
    .command(exportCommand)
    .command(schemaCommand)
    // integer flags are parsed as text (so '0x10', '1e9' and ' 7' are refused as typed by the checks in options.ts,
    // not silently read as numbers), yet --help labels them [number]: yargs parses a key by the first type it has and
    // labels it by the last
    .number(NUMBER_FLAGS)
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 110));
  await cli.parseAsync();
}

main().catch((e: unknown) => {
  // a file-system error (a full disk, a missing or read-only folder, a file where a folder should be) is the
  // user's to fix: its path and the OS reason, no stack trace
  const user = e instanceof UserError ? e : asFileError(e);
  if (user) {
    process.stderr.write(`fimasim: ${user.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    process.stderr.write(`fimasim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
});
