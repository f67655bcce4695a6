import { defineConfig } from 'vitest/config';

// Suites that start worker threads or child processes compete for the 2 cores; run files one at a time
// so timings stay predictable on CI.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'], // installs Debian's Chromium (and Slurm) where it can (issue 19, item 8)
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
