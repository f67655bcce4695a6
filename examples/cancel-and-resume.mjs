// Cancelling a batch with an AbortSignal, then completing it: the finished runs are journaled, and the same call
// with `resume: true` runs only what is left. The result is byte-identical to an uninterrupted batch.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInterrupted, runBatch, UserError } from 'fimasim';

const work = mkdtempSync(join(tmpdir(), 'fimasim-example-'));
try {
  const out = join(work, 'batch');
  const stop = new AbortController();
  try {
    await runBatch('smoke', { runs: 40, seed: 3, workers: 1, out, signal: stop.signal, onProgress: (p) => { if (p.finished >= 10) stop.abort(); } });
  } catch (e) {
    if (!isInterrupted(e)) throw e;
    console.log(`interrupted: the finished runs are journaled in ${e.dir === out ? 'the folder' : e.dir}`);
  }
  const done = await runBatch('smoke', { runs: 40, seed: 3, workers: 1, out, resume: true });
  const whole = await runBatch('smoke', { runs: 40, seed: 3, workers: 2, out: join(work, 'whole') });
  const same = readFileSync(join(done.dir, 'runs.csv'), 'utf8') === readFileSync(join(whole.dir, 'runs.csv'), 'utf8');
  console.log(`resumed: ${done.summary.runsDone} runs; runs.csv identical to an uninterrupted batch: ${same}`);

  // a mistake in the input is a UserError with a kind, never a stack trace to parse
  try {
    await runBatch('smoke', { runs: 10, set: ['banks.mfug.holdings=3'], out: join(work, 'typo') });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    console.log(`refused (${e.kind}): ${e.message.split('\n')[1].trim()}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
