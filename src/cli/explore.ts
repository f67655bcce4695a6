// `fimasim explore`: a local page to tweak a scenario and watch the distribution move against its baseline on the
// same seeds (src/explore/). It serves until Ctrl-C; the URL carries a random token the page needs.
import { spawn } from 'node:child_process';
import type { CommandModule } from 'yargs';
import { ExploreService, MAX_PAGE_RUNS } from '../explore/service.js';
import { startExploreServer } from '../explore/server.js';
import { resolveWorkers } from '../sim/batch/run-batch.js';
import { ScenarioError } from '../sim/scenario/problems.js';
import { DataError } from '../data/dataset.js';
import { UsageError } from './errors.js';
import { checkNonNegativeInt, checkRuns, checkSeed, checkWorkers, loadOptionsFromArgs, withScenario, withSeed } from './options.js';

export const exploreCommand: CommandModule = {
  command: 'explore',
  describe: 'a local web page: change parameters and policies, run them against the baseline on the same seeds, keep what you find',
  builder: (y) => withSeed(withScenario(y))
    .option('port', { type: 'string', default: '0', describe: 'port on 127.0.0.1 (0: any free port)' })
    .option('runs', { type: 'string', default: '200', describe: `runs per side when the page opens (the page may change it, up to ${MAX_PAGE_RUNS})` })
    .option('workers', { type: 'string', default: 'auto', describe: "worker threads: a positive integer, or 'auto' (available cores)" })
    .option('open', { type: 'boolean', default: true, describe: 'open the page in the default browser (--no-open: only print its URL)' })
    .option('save-dir', { type: 'string', default: '.', describe: 'folder where "Save scenario" writes scenario files' })
    .example('$0 explore', 'the thesis scenario as the baseline, 200 runs')
    .example('$0 explore --scenario smoke --no-open', 'print the URL only'),
  handler: async (argv) => {
    const port = checkNonNegativeInt('--port', argv.port, 65535);
    const runs = checkRuns(argv.runs);
    if (runs < 2 || runs > MAX_PAGE_RUNS) throw new UsageError(`--runs: expected 2 to ${MAX_PAGE_RUNS} for the page, found ${runs}`);
    const seed = checkSeed(argv.seed);
    const workers = resolveWorkers(checkWorkers(argv.workers), Number.MAX_SAFE_INTEGER);
    let service: ExploreService;
    try {
      service = new ExploreService({ scenario: String(argv.scenario), sets: (argv.set as unknown[] ?? []).map(String), load: loadOptionsFromArgs(argv as never),
        workers, runsRoot: 'runs', saveDir: String(argv['save-dir']) });
      await service.checkPolicies();
    } catch (e) {
      if (e instanceof ScenarioError || e instanceof DataError) throw new UsageError(e.message);
      throw e;
    }
    let server;
    try {
      server = await startExploreServer(service, { port, defaults: { runs, seed } });
    } catch (e) {
      await service.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`--port ${port}: cannot listen on 127.0.0.1:${port} (${code})`);
      throw e;
    }
    process.stdout.write(`fimasim explore: ${service.baseline.scenario.name} on ${workers} worker${workers === 1 ? '' : 's'}\n  ${server.url}\n  (Ctrl-C to stop)\n`);
    if (argv.open) openBrowser(server.url);
    await new Promise<void>((resolveStop) => {
      const stop = (): void => { void server.close().then(() => service.close()).then(resolveStop); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`fimasim: could not open a browser (${cmd}); open the URL above\n`));
    child.unref();
  } catch {
    process.stderr.write('fimasim: could not open a browser; open the URL above\n');
  }
}
