// Opens a real report in Debian's Chromium with the network blocked: every chart must draw, nothing may be
// fetched, nothing may log an error, and an injected <script> in the scenario must stay text.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatchReport } from '../../src/report/batch-report.js';
import { INJECTED } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** A real batch (the compiled `fimasim batch`; npm test builds first) of a user's scenario file whose name and
 *  description carry a script, as any user's file could. */
function makeBatch(dir: string, scenarioFile: string): void {
  writeFileSync(scenarioFile, JSON.stringify({ extends: 'smoke', name: 'smoke <b>bold</b>', description: `Injected: ${INJECTED}` }));
  execFileSync(process.execPath, [join(repo, 'dist/cli/main.js'), 'batch', '--scenario', scenarioFile, '--runs', '20',
    '--seed', '1', '--workers', '1', '--out', dir, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const root = mkdtempSync(join(tmpdir(), 'fimasim-browser-'));
const batch = join(root, 'batch');
let browser: Browser | undefined;

beforeAll(async () => {
  makeBatch(batch, join(root, 'injected.json'));
  await writeBatchReport(batch); // the report as `fimasim report` rewrites it
});

// The suite's global set-up installs Chromium where it can (root with apt). Where it could not, the test skips
// loudly — except under CI=true, where a missing browser is a failed test, never a skipped one.
const MISSING = `${CHROMIUM} is missing: the report's browser test needs Debian's Chromium ` +
  '(apt-get update && apt-get install -y chromium, or run .ci/run as root)';
const skipBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (skipBrowser) process.stderr.write(`\n*** SKIPPED the report's browser test: ${MISSING} ***\n\n`);

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${MISSING}. Under CI=true this test fails rather than skips.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

afterAll(async () => {
  await browser?.close();
  // FIMASIM_KEEP_TEST_OUTPUT=1 keeps the folder (and report.png) to look at.
  if (process.env.FIMASIM_KEEP_TEST_OUTPUT) console.log(`browser test output kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
});

describe.skipIf(skipBrowser)('report.html in Chromium, offline', () => {
  it('draws every chart, fetches nothing, logs no error and runs no injected script', async () => {
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const routed: string[] = [];
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      routed.push(url);
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

    const report = pathToFileURL(join(batch, 'report.html')).href;
    await page.goto(report, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart', (figures) => figures.map((f) => {
      const svg = f.querySelector('svg');
      const marks = f.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect');
      return { id: f.id, width: svg?.getBoundingClientRect().width ?? 0, marks: marks.length };
    }));
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining([
      'chart-chain', 'chart-fan-ust10y', 'chart-fan-netLiquidity', 'chart-fan-fimaRepo', 'chart-fan-jpHoldings',
      'chart-fan-btcPrice', 'chart-hist-btcReturn', 'chart-hist-ust10yPeak', 'chart-hist-jpSalesTotal',
      'chart-hist-netLiquidityChange',
    ]));
    for (const c of charts) {
      expect(c.marks, `${c.id}: data marks`).toBeGreaterThan(0);
      expect(c.width, `${c.id}: drawn width`).toBeGreaterThan(300);
    }

    expect(await page.locator('.lead').innerText()).toContain(INJECTED); // shown as text
    expect(await page.locator('script').count()).toBe(0);
    // legible at laptop width: nothing wider than the window
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    // every figure's SVG file parses as a standalone XML document in the browser's own parser
    const files = readdirSync(join(batch, 'figures')).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const parsed = await page.evaluate((texts) => texts.map((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { root: doc.documentElement.localName, errors: doc.getElementsByTagName('parsererror').length };
    }), files.map((f) => readFileSync(join(batch, 'figures', f), 'utf8')));
    expect(parsed).toEqual(files.map(() => ({ root: 'svg', errors: 0 })));

    await page.screenshot({ path: join(root, 'report.png'), fullPage: true });
    expect(existsSync(join(root, 'report.png'))).toBe(true);
    expect(routed).toContain(report); // the route sees every request, so an empty `blocked` means something
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
