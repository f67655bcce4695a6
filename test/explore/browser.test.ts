// The explore page in Debian's Chromium, offline: change a bank's carry floor, run, and check the paired
// differences the page shows against `fimasim compare` of the same two scenarios on the same seeds, where the
// tweak is the page's own "Save scenario" file run with `fimasim batch`; a bad value shows its message and runs
// nothing; a click on a difference chart shows that run; "Write batch" writes the same runs as the CLI.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExploreService } from '../../src/explore/service.js';
import { startExploreServer, type ExploreServer } from '../../src/explore/server.js';
import { fimasim } from '../cli/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const MISSING = `${CHROMIUM} is missing: the explore page's browser test needs Debian's Chromium ` +
  '(apt-get update && apt-get install -y chromium, or run .ci/run as root)';
const skipBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (skipBrowser) process.stderr.write(`\n*** SKIPPED the explore page's browser test: ${MISSING} ***\n\n`);

const RUNS = 24, SEED = '7';
const FLOOR = 'banks.norinchukin.policy.carryFloor';
const root = mkdtempSync(join(tmpdir(), 'fimasim-explore-browser-'));
let service: ExploreService, server: ExploreServer, browser: Browser | undefined, page: Page;
const errors: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  if (skipBrowser) return;
  if (!existsSync(CHROMIUM)) throw new Error(`${MISSING}. Under CI=true this test fails rather than skips.`);
  service = new ExploreService({ scenario: 'smoke', workers: 2, runsRoot: join(root, 'runs'), saveDir: root });
  server = await startExploreServer(service, { port: 0, defaults: { runs: RUNS, seed: SEED } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const origin = `http://127.0.0.1:${server.port}/`;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready=true]');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await service?.close();
  if (process.env.FIMASIM_KEEP_TEST_OUTPUT) console.log(`explore test output kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
});

const field = (path: string) => page.locator(`.field[data-path="${path}"]`);
const startedJobs = () => page.evaluate(() => (window as unknown as { __explore: { events: { kind: string }[] } }).__explore.events.filter((e) => e.kind === 'start').length);

/** The page's difference table: metric → [mean difference, lo, hi, n] as the page holds them (full precision). */
async function pageDifferences(): Promise<Record<string, (number | null)[]>> {
  return page.$$eval('#diff-table tbody tr', (rows) => Object.fromEntries(rows.map((r) => {
    const n = (k: string) => (r.getAttribute(k) === 'null' ? null : Number(r.getAttribute(k)));
    return [r.getAttribute('data-metric'), [n('data-mean-diff'), n('data-lo'), n('data-hi'), n('data-n')]];
  })));
}

describe.skipIf(skipBrowser)('fimasim explore in Chromium', () => {
  it('shows a bad value next to its field with the path and the message, and runs nothing', async () => {
    await field(FLOOR).locator('input').fill('99');
    await page.click('#run');
    const problem = field(FLOOR).locator('.problem');
    await expect.poll(() => problem.textContent()).toMatch(new RegExp(`^${FLOOR.replaceAll('.', '\\.')}: expected .*found .*99`));
    expect(await field(FLOOR).getAttribute('class')).toContain('bad');
    expect(await page.textContent('#status')).toMatch(/Not run/);
    expect(await startedJobs()).toBe(0);
  });

  let shown: Record<string, (number | null)[]>;
  it('changes the carry floor, runs, and the paired difference appears as runs arrive', async () => {
    await field(FLOOR).locator('input').fill('0.5');
    await page.click('#run');
    await page.waitForSelector('#status[data-state=done]');
    expect(await field(FLOOR).locator('.problem').textContent()).toBe('');
    shown = await pageDifferences();
    expect(shown.jpSalesTotal[3]).toBe(RUNS);
    expect(shown.jpSalesTotal[0]!).toBeGreaterThan(0); // a higher floor: more carry pressure, more selling, run by run
    expect(await page.locator('[data-chart="diff:jpSalesTotal"] svg .mark-rect path').count()).toBeGreaterThan(1);
    expect(await page.textContent('#command-lines')).toContain(`--set ${FLOOR}=0.5 --seed ${SEED} --runs ${RUNS}`);
  });

  it('"Save scenario" writes a file that passes validate and, with `fimasim batch` and `compare`, gives the page\'s numbers', async () => {
    await page.fill('#save-name', 'higher-floor');
    await page.click('#save');
    await page.waitForSelector('#kept .saved');
    const saved = join(root, 'higher-floor.json');
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ extends: 'smoke', banks: { norinchukin: { policy: { carryFloor: 0.5 } } } });
    const valid = fimasim(['validate', saved]);
    expect(valid.code, valid.stderr).toBe(0);

    const batch = (scenario: string, out: string) => {
      const r = fimasim(['batch', '--scenario', scenario, '--seed', SEED, '--runs', String(RUNS), '--workers', '1', '--out', out, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    };
    batch(saved, join(root, 'tweak'));
    batch('smoke', join(root, 'baseline'));
    const c = fimasim(['compare', join(root, 'tweak'), join(root, 'baseline'), '--json', '--out', join(root, 'compare')]);
    expect(c.code, c.stderr).toBe(0);
    const cli = JSON.parse(c.stdout) as { paired: boolean; metrics: Record<string, { meanDiff: number | null; lo: number | null; hi: number | null; n: number }> };
    expect(cli.paired).toBe(true);
    expect(Object.keys(shown).sort()).toEqual(Object.keys(cli.metrics).sort());
    for (const [name, m] of Object.entries(cli.metrics)) expect(shown[name], name).toEqual([m.meanDiff, m.lo, m.hi, m.n]);
  });

  it('a click on a difference bar shows that run of both sides, with its events and its command', async () => {
    await page.locator('[data-chart="diff:jpSalesTotal"] svg .mark-rect').nth(1).locator('path').first().click({ force: true });
    await page.waitForSelector('#run-detail .run-command');
    const command = await page.textContent('#run-detail .run-command');
    expect(command).toMatch(new RegExp(`^fimasim run --scenario smoke --set ${FLOOR}=0.5 --seed ${SEED} --run-index \\d+$`));
    expect(await page.locator('#run-detail [data-chart^="path:"]').count()).toBe(6);
    expect(await page.textContent('#run-detail .events')).toMatch(/tweak: \d+ events/);
  });

  it('"Write tweak batch" writes a normal batch folder with its report, the same runs as `fimasim batch`', async () => {
    await page.click('#write-tweak');
    await page.waitForSelector('#kept .batch-tweak');
    const dir = (await page.textContent('#kept .batch-tweak code'))!;
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    const rows = (d: string) => readFileSync(join(d, 'runs.csv'), 'utf8');
    expect(rows(dir)).toBe(rows(join(root, 'tweak')));
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).command).toBe(`fimasim batch --scenario smoke --set ${FLOOR}=0.5 --seed ${SEED} --runs ${RUNS}`);
  });

  it('opens both sides from the data as of a date, with the realised paths over the fans; a bad date runs nothing', async () => {
    await page.fill('#opening-start', '2025-01-01');
    await page.click('#run');
    await expect.poll(() => page.textContent('#problem-opening')).toMatch(/^opening\.start: expected a US bond-market trading day/);
    await page.fill('#opening-start', '2025-01-02');
    await page.click('#run');
    await page.waitForSelector('#status[data-state=done]');
    expect(await page.textContent('#problem-opening')).toBe('');
    expect(await page.textContent('#command-lines')).toContain('--start 2025-01-02');
    const start = await page.evaluate(() => (window as unknown as { __explore: { start: { dates: string[]; realised: Record<string, { values: (number | null)[] }> } } }).__explore.start);
    expect(start.dates[0]).toBe('2025-01-02');
    expect(start.realised.ust10y.values.filter((v) => v !== null).length).toBeGreaterThan(10);
    expect(await page.locator('[data-chart="fan:ust10y"] svg path[stroke-dasharray]').count()).toBeGreaterThan(0);
    await page.fill('#opening-start', '');
  });

  it('a new Run cancels the one going on', async () => {
    await field(FLOOR).locator('input').fill('0.2');
    await page.fill('#runs', '4000');
    await page.click('#run');
    await field(FLOOR).locator('input').fill('0.3');
    await page.fill('#runs', String(RUNS));
    await page.click('#run');
    await page.waitForSelector('#status[data-state=done]');
    const events = await page.evaluate(() => (window as unknown as { __explore: { events: { kind: string; job: number }[] } }).__explore.events);
    const starts = events.filter((e) => e.kind === 'start').map((e) => e.job);
    const last = starts.at(-1)!;
    expect(events.some((e) => e.kind === 'cancelled' && e.job === last - 1)).toBe(true);
    expect(events.some((e) => e.kind === 'done' && e.job === last - 1)).toBe(false);
    expect(await page.textContent('#status')).toBe(`Done: ${RUNS} of ${RUNS} pairs`);
  });

  it('fetched nothing from the network and logged no error', () => {
    expect(blocked).toEqual([]);
    // Chromium logs every 4xx answer: the two expected are the 400s of the bad value and the bad date (nothing run)
    expect(errors).toEqual(Array(2).fill('Failed to load resource: the server responded with a status of 400 (Bad Request)'));
  });
});
