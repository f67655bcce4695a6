// Issue 19, item 3: two processes that find a dead owner's lock at the same instant must not both take it over.
// 200 folders, each with the lock of a process that has exited; four racers (worker threads, released together by
// a barrier per folder) try to take each one. Exactly one may win every folder.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ROOT, tempDir } from './cli.js';

const tmp = tempDir('lock-race');
afterAll(tmp.cleanup);
const TRIALS = 200, RACERS = 4;

describe('stale-lock takeover', () => {
  it(`${TRIALS} simultaneous takeovers by ${RACERS} racers: exactly one winner each`, async () => {
    const deadPid = spawnSync('true').pid!;
    const dirs = Array.from({ length: TRIALS }, (_, i) => {
      const dir = join(tmp.dir, `f${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'batch.lock'), JSON.stringify({ host: hostname(), pid: deadPid, since: '2026-01-01T00:00:00.000Z' }));
      return dir;
    });
    const barrier = new SharedArrayBuffer(4 * TRIALS);
    const lockModule = pathToFileURL(join(ROOT, 'dist/sim/batch/lock.js')).href;
    const results = await Promise.all(Array.from({ length: RACERS }, () => new Promise<number[]>((resolve, reject) => {
      const w = new Worker(new URL('./fixtures/lock-racer.mjs', import.meta.url), { workerData: { lockModule, dirs, barrier, racers: RACERS } });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    const winners = new Array<number>(TRIALS).fill(0);
    for (const got of results) for (const i of got) winners[i]++;
    const both = winners.filter((n) => n > 1).length, none = winners.filter((n) => n === 0).length;
    process.stderr.write(`lock race: ${TRIALS} takeovers, ${both} with more than one winner, ${none} with none\n`);
    expect({ both, none }).toEqual({ both: 0, none: 0 });
  });
});
