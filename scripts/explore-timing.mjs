// Times the explore page in Debian's Chromium: from the Run click to the first chart drawn, and to the last pair
// drawn, for the default scenario (bench/README.md, "Explore"). Needs a build (npm run build) and /usr/bin/chromium.
//   node scripts/explore-timing.mjs [--runs 200] [--workers 2] [--reps 5] [--scenario hayes-2024] [--screenshot FILE]
// On a shared machine the wall times follow the load; each repetition also times the same runs as
// `fimasim batch --runs N --workers W` (a fresh process, report included) right after, as a yardstick.
// Each repetition sets Norinchukin's carry floor to a value not run before, so the tweak's runs are new; "tweak
// only" reuses the baseline's runs from the page's start (as a user's first Run does once the page has loaded);
// "both sides" changes the seed too, so the baseline's runs are new as well.
import { parseArgs } from 'node:util';
import { loadavg, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ExploreService } from '../dist/explore/service.js';
import { startExploreServer } from '../dist/explore/server.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, workers: { type: 'string', default: '2' },
  reps: { type: 'string', default: '5' }, scenario: { type: 'string', default: 'hayes-2024' }, screenshot: { type: 'string' } } });
const runs = Number(values.runs), reps = Number(values.reps);
const service = new ExploreService({ scenario: values.scenario, workers: Number(values.workers), runsRoot: 'runs', saveDir: '.' });
const server = await startExploreServer(service, { port: 0, defaults: { runs, seed: '1' } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(server.url);
await page.waitForSelector('body[data-ready=true]');
const floor = page.locator('.field[data-path="banks.norinchukin.policy.carryFloor"] input');

async function timeRun(value, seed) {
  await floor.fill(value);
  await page.fill('#seed', seed);
  await page.evaluate(() => { document.getElementById('status').dataset.state = ''; });
  await page.click('#run');
  await page.waitForSelector('#status[data-state=done]', { timeout: 600_000 });
  return page.evaluate(() => window.__explore.timings);
}

// the first Run of the session waits for the baseline's prefetch like any user's first Run would
await timeRun('-1.1', '1');
const rows = [];
for (let k = 0; k < reps; k++) {
  const load = loadavg()[0];
  const t = await timeRun(String(-0.5 + k / 10), '1');
  const u = await timeRun(String(-0.45 + k / 10), String(1000 + k));
  const dir = mkdtempSync(join(tmpdir(), 'fimasim-explore-timing-'));
  const b0 = performance.now();
  spawnSync(process.execPath, ['dist/cli/main.js', 'batch', '--scenario', values.scenario, '--runs', String(runs), '--seed', String(2000 + k),
    '--workers', values.workers, '--out', join(dir, 'b'), '--quiet'], { stdio: 'ignore' });
  const batch = performance.now() - b0;
  rmSync(dir, { recursive: true, force: true });
  rows.push({ load, tweakFirst: t.firstChart, tweakDone: t.done, bothFirst: u.firstChart, bothDone: u.done, batch });
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ms = (x) => `${Math.round(x)} ms`;
console.log(`explore, ${values.scenario}, ${runs} runs per side, ${values.workers} workers, ${reps} repetitions (load average at start ${rows.map((r) => r.load.toFixed(1)).join(', ')})`);
console.log(`  tweak only (baseline reused): first chart ${ms(median(rows.map((r) => r.tweakFirst)))}, done ${ms(median(rows.map((r) => r.tweakDone)))} (medians)`);
console.log(`  both sides (new seed):        first chart ${ms(median(rows.map((r) => r.bothFirst)))}, done ${ms(median(rows.map((r) => r.bothDone)))} (medians)`);
console.log(`  yardstick: fimasim batch --runs ${runs} --workers ${values.workers}: ${ms(median(rows.map((r) => r.batch)))} (median)`);
for (const r of rows) console.log(`    load ${r.load.toFixed(1)}: tweak ${ms(r.tweakFirst)} / ${ms(r.tweakDone)}, both ${ms(r.bothFirst)} / ${ms(r.bothDone)}, batch ${ms(r.batch)}`);
if (values.screenshot) {
  await page.setViewportSize({ width: 1400, height: 1450 });
  await timeRun('0.5', '1');
  await page.locator('[data-chart="diff:jpSalesTotal"] svg .mark-rect').nth(1).locator('path').nth(5).click({ force: true }).catch(() => {});
  await page.waitForTimeout(800);
  await page.evaluate(() => {
    const group = document.querySelector('.field.changed')?.closest('details');
    const fields = document.getElementById('fields');
    if (group) fields.scrollTop = group.offsetTop - fields.offsetTop;
  });
  await page.screenshot({ path: values.screenshot });
  console.log(`  screenshot: ${values.screenshot}`);
}
await browser.close();
await server.close();
await service.close();
