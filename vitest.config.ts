import { defineConfig } from 'vitest/config';

// The CI machine has 2 cores. Most test files spend their time in one thread (the model in the test's own process,
// or a `fimasim` child that refuses an input, renders a report or runs a batch on a worker or two), so two files at
// a time keep both cores busy. The tests among them that kill a batch (or fill its disk) once its journal has grown
// do so with hundreds of runs still to go, a margin that a second file's load does not close; faults injected by
// FIMASIM_FAULT count operations, not time. The files below share something with the whole machine or race on
// timing that another file would disturb, so they run afterwards, one at a time:
const ALONE = [
  'test/batch/lock-race.test.ts', // four racers spinning on a barrier: on a busy machine the spins take the cores
  'test/batch/slurm.test.ts', // a single-node Slurm cluster with its own CPU accounting
  'test/explore/browser.test.ts', // Chromium: several processes and a page that must answer within its timeouts
  'test/report/browser.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'], // installs Debian's Chromium (and Slurm) where it can (issue 19, item 8)
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
