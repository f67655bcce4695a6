import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeBatchReport } from '../../src/report/batch-report.js';
import { INJECTED, writeHandMadeBatch } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'fimasim-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeBatchReport on a hand-made batch folder', () => {
  const dir = join(root, 'batch');
  let page = '';
  beforeAll(async () => {
    writeHandMadeBatch(dir);
    const path = await writeBatchReport(dir);
    expect(path).toBe(join(dir, 'report.html'));
    page = readFileSync(path, 'utf8');
  });

  it('escapes the scenario name and description', () => {
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain(INJECTED);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain('<img');
    expect(page).toContain('hand-made &lt;b&gt;bold&lt;/b&gt; &amp; co');
  });

  it('loads nothing from outside the file', () => {
    expect(page).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(/i);
  });

  it('has a chart with marks for each banded series, each histogram and the chain', () => {
    const ids = [...page.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'chart-chain',
      ...['ust10y', 'netLiquidity', 'fimaRepo', 'jpHoldings', 'reserves', 'btcPrice'].map((s) => `chart-fan-${s}`),
      ...['btcReturn', 'ust10yPeak', 'jpSalesTotal', 'netLiquidityChange'].map((m) => `chart-hist-${m}`),
    ]);
    for (const id of ids) {
      const start = page.indexOf(`id="${id}"`);
      const chart = page.slice(start, page.indexOf('</figure>', start));
      expect(chart, id).toMatch(/<svg[^>]*class="marks"/);
      expect(chart, id).toMatch(/class="mark-(area|line|rect|rule)/);
    }
  });

  it('labels axes with units and dates', () => {
    const chart = (id: string) => page.slice(page.indexOf(`id="${id}"`), page.indexOf('</figure>', page.indexOf(`id="${id}"`)));
    expect(chart('chart-fan-ust10y')).toContain('>10-year Treasury yield</figcaption>');
    expect(chart('chart-fan-ust10y')).toContain('>%</text>');
    expect(chart('chart-fan-fimaRepo')).toContain('>USD bn</text>');
    expect(chart('chart-fan-btcPrice')).toContain('>USD</text>');
    expect(chart('chart-fan-btcPrice')).toMatch(/>(Jul|Aug) 2024</);
    expect(chart('chart-hist-jpSalesTotal')).toContain('>total over the run, all banks (USD bn)</text>');
    expect(chart('chart-hist-btcReturn')).toContain('>end / start − 1 (%)</text>');
  });

  it('shows the summary with units, the chain with intervals and the scenario', () => {
    expect(page).toMatch(/<code>jpSalesTotal<\/code><div class="def">[^<]+<\/div><\/td><td class="nowrap">USD bn<\/td>/);
    // each step of the chain as a row: step, count / n, p and its Wilson interval in %
    const { chain } = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(chain).toHaveLength(5);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    for (const c of chain) {
      const cells = c.p === null ? '<td class="num">—</td><td class="num">—</td>' :
        `<td class="num">${pct(c.p)}</td><td class="num">${pct(c.lo)} – ${pct(c.hi)}</td>`;
      expect(page).toContain(`<td class="num">${c.count} / ${c.n}</td>${cells}`);
    }
    expect(page).toContain('<td>P(spike | sales)</td>');
    expect(page).toContain('carryFloor = -0.8');
    expect(page).toContain('crypto.liquidity.share'); // the fixture's channel is v1's reserves-inflow; under deposit-share the page shows tilt
    expect(page).toContain('<dt>master seed</dt><dd>1</dd>');
    expect(page).toContain(`fimasim batch --scenario hand-made --runs 20 --seed 1 --workers 1 --out ${dir}`);
  });

  it('lists five lowest and five highest runs by btcReturn and by ust10yPeak with replay commands', () => {
    const commands = [...page.matchAll(/<code>fimasim replay (\S+) --run (\d+)<\/code>/g)];
    expect(commands).toHaveLength(20);
    expect(commands.every((m) => m[1] === dir)).toBe(true);
    // run 0 has the lowest of both metrics in the fixture (u = 0), so it heads both tables
    expect(commands[0][2]).toBe('0');
    expect(commands[10][2]).toBe('0');
  });

  it('leaves no temporary file behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });
});

describe('writeBatchReport on a folder that is not a batch folder', () => {
  it('names the folder and the missing files', async () => {
    const dir = join(root, 'empty');
    writeHandMadeBatch(dir);
    rmSync(join(dir, 'manifest.json'));
    rmSync(join(dir, 'summary.json'));
    const error = await writeBatchReport(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('batch-folder');
    expect((error as Error).message).toBe(
      `'${dir}' is not a batch folder: manifest.json and summary.json are missing (a batch folder is written by 'fimasim batch')`,
    );
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  it('suggests --resume for an interrupted batch', async () => {
    const dir = join(root, 'interrupted');
    writeHandMadeBatch(dir);
    rmSync(join(dir, 'summary.json'));
    await expect(writeBatchReport(dir)).rejects.toThrow(
      `'${dir}' is not a finished batch folder: summary.json is missing (the batch may have been interrupted: finish it with 'fimasim batch --resume --out ${dir}')`,
    );
  });

  it('rejects a path that is not a folder', async () => {
    await expect(writeBatchReport(join(root, 'nope'))).rejects.toThrow(`'${join(root, 'nope')}' is not a folder`);
  });

  it('names the file and line of a malformed CSV', async () => {
    const dir = join(root, 'bad-csv');
    writeHandMadeBatch(dir);
    writeFileSync(join(dir, 'runs.csv'), 'runIndex,seed,btcReturn\n0,1\n');
    await expect(writeBatchReport(dir)).rejects.toThrow(`${join(dir, 'runs.csv')}, line 2: 2 fields, expected 3`);
  });
});
