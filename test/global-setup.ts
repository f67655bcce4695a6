// Runs once before the suite: provisions what some tests need beyond npm (Debian's Chromium, Slurm) with the same
// script as .ci/run, so the README's `npm ci && npm test` works on a fresh machine where it runs as root with apt.
// Where it cannot, the tests that need them skip with a loud message naming what is missing and how to get it —
// except under CI=true, where they fail (issue 19, item 8). FIMASIM_NO_PROVISION=1 turns the installing off.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.FIMASIM_NO_PROVISION === '1') return;
  const script = fileURLToPath(new URL('../scripts/provision-test-deps.sh', import.meta.url));
  const r = spawnSync('bash', [script, '--slurm'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 900_000 });
  if (r.status !== 0) {
    process.stderr.write('\n*** test set-up: some test dependencies are missing (see above); the tests that need them will ' +
      `${process.env.CI === 'true' ? 'FAIL (CI=true)' : 'be SKIPPED'} ***\n\n`);
  }
}
