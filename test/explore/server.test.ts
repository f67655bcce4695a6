// The explore server without a browser: who may talk to it (token, Host, Origin), what the page may change (never a
// module path), how a bad value comes back (its path and message, nothing run), and the saved scenario's form.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExploreService, diffValues, refusedOverride } from '../../src/explore/service.js';
import { startExploreServer, type ExploreServer } from '../../src/explore/server.js';
import { describeForm } from '../../src/explore/form.js';
import { loadScenario } from '../../src/sim/scenario/load.js';

const root = mkdtempSync(join(tmpdir(), 'fimasim-explore-'));
let service: ExploreService;
let server: ExploreServer;

beforeAll(async () => {
  service = new ExploreService({ scenario: 'smoke', workers: 1, runsRoot: join(root, 'runs'), saveDir: root });
  server = await startExploreServer(service, { port: 0, defaults: { runs: 4, seed: '3' } });
});

afterAll(async () => {
  await server.close();
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

interface Reply { status: number; body: string; headers: Record<string, unknown> }

/** A raw request, so the test can send any Host (fetch would not let it). */
function ask(path: string, opts: { method?: string; host?: string; origin?: string; token?: string | null; body?: unknown } = {}): Promise<Reply> {
  const token = opts.token === undefined ? server.token : opts.token;
  const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${server.port}` };
  if (opts.origin) headers.Origin = opts.origin;
  if (token !== null) headers['x-fimasim-token'] = token;
  const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  if (data) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? (data ? 'POST' : 'GET'), headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('who may talk to the explore server', () => {
  it('listens on the loopback interface only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('serves the page and the API with the token, in the URL or in the header', async () => {
    const page = await ask(`/?token=${server.token}`, { token: null });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`/app.js?token=${server.token}`);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect((await ask('/vega.min.js')).status).toBe(200);
    expect((await ask('/api/form', { body: { overrides: {} } })).status).toBe(200);
  });

  it.each([
    ['no token', { token: null }],
    ['a wrong token', { token: 'x'.repeat(32) }],
    ['a foreign Host (DNS rebinding)', { host: `evil.example:${(0)}` }],
    ['a foreign Host on the right port', { host: 'attacker.test' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
  ])('refuses a request with %s, and runs nothing', async (_what, opts) => {
    for (const [path, body] of [['/', undefined], ['/app.js', undefined], ['/api/events', undefined],
      ['/api/run', { overrides: {}, runs: 4, seed: '3' }], ['/api/save', { overrides: {}, name: 'x' }]] as const) {
      const r = await ask(path, { ...opts, body });
      expect(r.status, `${path}`).toBe(403);
      expect(r.body).toMatch(/refused/);
    }
  });

  it('accepts localhost as the Host and its own Origin', async () => {
    expect((await ask('/api/form', { host: `localhost:${server.port}`, body: {} })).status).toBe(200);
    expect((await ask('/api/form', { origin: `http://127.0.0.1:${server.port}`, body: {} })).status).toBe(200);
  });

  it('serves only its own files, never a path from the request', async () => {
    expect((await ask('/../package.json')).status).toBe(404);
    expect((await ask('/%2e%2e/package.json')).status).toBe(404);
    expect((await ask('/src/explore/service.ts')).status).toBe(404);
  });
});

describe('what the page may change', () => {
  it('reports a bad value with its path and the schema\'s message, and starts no run', async () => {
    const r = await ask('/api/run', { body: { overrides: { 'banks.norinchukin.policy.carryFloor': '99', 'market.y10': 'abc' }, runs: '4', seed: '3' } });
    expect(r.status).toBe(400);
    const problems = (JSON.parse(r.body) as { problems: { path: string; message: string }[] }).problems;
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'banks.norinchukin.policy.carryFloor', message: expect.stringMatching(/^expected .*10.*found .*99/) },
      { path: 'market.y10', message: "expected a number, found 'abc'" },
    ]));
    const runs = await ask('/api/run', { body: { overrides: {}, runs: '1', seed: '-1' } });
    expect(JSON.parse(runs.body).problems.map((p: { path: string }) => p.path).sort()).toEqual(['runs', 'seed']);
  });

  it.each([
    ['banks.mufg.policy.name', './evil.mjs'],
    ['banks.mufg.policy.name', 'custom'],
    ['banks.mufg.policy.module', '/tmp/evil.mjs'],
    ['treasury.policy.params.x', '1'],
    ['extends', 'calm'],
  ])('refuses %s=%s: modules come only from scenario files on disk', (path, value) => {
    expect(refusedOverride(path, value)).toMatch(/scenario files on disk|not a parameter/);
    const v = service.validate({ [path]: value });
    expect(v.ok).toBe(false);
  });

  it('switches a policy by name among the built-in rule sets', () => {
    const v = service.validate({ 'banks.norinchukin.policy.name': 'hold' });
    expect(v.ok && v.pair.tweak.scenario.banks.norinchukin.policy.name).toBe('hold');
  });
});

describe('a paired run', () => {
  it('streams partial views as pairs finish, then the final one; an abort stops it and keeps what finished', async () => {
    const v = service.validate({ 'banks.norinchukin.policy.carryFloor': '0.5' });
    if (!v.ok) throw new Error('expected a valid tweak');
    const req = { overrides: {}, runs: 48, seed: '11' };
    const seen: { done: number; finished: boolean }[] = [];
    const last = await service.runPaired(v.pair, req, new AbortController().signal, (s) => seen.push({ done: s.done, finished: s.finished }));
    expect(last).toMatchObject({ done: 48, total: 48, finished: true, pairs: 48 });
    expect(seen.at(-1)).toEqual({ done: 48, finished: true });
    expect(seen.filter((x) => !x.finished && x.done < 48).length).toBeGreaterThan(0);
    expect(last.comparison?.paired).toBe(true);
    expect(last.fans.every((f) => f.baseline?.length === 21 && f.tweak?.length === 21)).toBe(true);
    expect(last.funnels.map((f) => f.which)).toEqual([...Array(5).fill('baseline'), ...Array(5).fill('tweak')]);

    const other = service.validate({ 'banks.norinchukin.policy.carryFloor': '0.4' });
    if (!other.ok) throw new Error('expected a valid tweak');
    const abort = new AbortController();
    const cut = await service.runPaired(other.pair, { ...req, runs: 400 }, abort.signal, () => abort.abort());
    expect(cut.finished).toBe(false);
    expect(cut.done).toBeLessThan(400);
    // the runs that finished are kept: asking for those again runs nothing (no partial snapshot, only the final one)
    const calls: boolean[] = [];
    const again = await service.runPaired(other.pair, { ...req, runs: cut.done }, new AbortController().signal, (s) => calls.push(s.finished));
    expect(calls).toEqual([true]);
    expect(again.done).toBe(cut.done);
  });
});

describe('opening from the data', () => {
  it('opens both sides from the data as of the date the page gives, and says so in the commands', () => {
    const v = service.validate({ 'banks.norinchukin.policy.carryFloor': '0.5' }, { start: '2025-01-02', realisedPolicy: false });
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    expect(v.pair.tweak.scenario.start).toBe('2025-01-02');
    expect(v.pair.baseline.scenario.start).toBe('2025-01-02');
    expect(v.pair.baseline.scenario.banks.norinchukin.policy).toMatchObject({ carryFloor: -1.1 });
    expect(v.pair.tweak.scenario.market.y10).toBe(v.pair.baseline.scenario.market.y10); // the data's, on both sides
    expect(v.pair.tweak.scenario.market.y10).not.toBe(service.baseline.scenario.market.y10);
    expect(service.commands(v.pair, { runs: 10, seed: '1' }).batchBaseline).toContain('--start 2025-01-02');
    expect(service.saveScenario(v.pair, 'from-data')).toMatchObject({ ok: false, problems: [{ path: 'name' }] });
  });

  it('reports a date the data does not cover, or no trading day, against the opening field', () => {
    for (const start of ['2025-01-01', '1990-01-02', '2025-13-01']) {
      const v = service.validate({}, { start, realisedPolicy: false });
      expect(v.ok === false && [...new Set(v.problems.map((p) => p.path))]).toEqual(['opening.start']);
    }
    const r = service.validate({}, { start: null, realisedPolicy: true });
    expect(r.ok === false && r.problems[0].path).toBe('opening.realisedPolicy');
  });
});

describe('the form', () => {
  it('lists every bank parameter with its unit, default and range, and each policy as a choice', () => {
    const form = describeForm(loadScenario('smoke').scenario);
    const floor = form.fields.find((f) => f.path === 'banks.norinchukin.policy.carryFloor')!;
    expect(floor).toMatchObject({ group: 'banks.norinchukin', label: 'policy.carryFloor', kind: 'number', unit: 'percent per year', default: -1, min: -10, max: 10 });
    const policy = form.fields.find((f) => f.path === 'banks.norinchukin.policy.name')!;
    expect(policy.kind).toBe('policy');
    expect(policy.options).toEqual(expect.arrayContaining(['carry-threshold', 'programme', 'hold']));
    expect(policy.options).not.toContain('custom');
    expect(form.fields.find((f) => f.path === 'fed.policy.name')?.options).toContain('no-facility');
    expect(form.readOnly.map((r) => r.path)).toContain('timeline');
  });
});

describe('Save scenario', () => {
  it('extends the built-in baseline with only the changed values, and loads back to the same parameters', () => {
    const v = service.validate({ 'banks.norinchukin.policy.carryFloor': '0.5', 'fed.policy.name': 'no-facility' });
    if (!v.ok) throw new Error('expected a valid tweak');
    const r = service.saveScenario(v.pair, 'saved-tweak');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const doc = JSON.parse(readFileSync(r.path, 'utf8'));
    expect(doc).toEqual({ extends: 'smoke', name: 'saved-tweak', description: expect.stringContaining('carryFloor=0.5'),
      banks: { norinchukin: { policy: { carryFloor: 0.5 } } }, fed: { policy: { name: 'no-facility' } } });
    const back = loadScenario(r.path).scenario;
    expect({ ...back, name: '', description: '' }).toEqual({ ...v.pair.tweak.scenario, name: '', description: '' });
    const again = service.saveScenario(v.pair, 'saved-tweak');
    expect(again.ok === false && again.problems[0]).toMatchObject({ path: 'name', message: expect.stringContaining('exists') });
    expect(service.saveScenario(v.pair, '../up').ok).toBe(false);
  });

  it('diffValues: nothing when equal; a switched policy whole; a removed map entry as null', () => {
    expect(diffValues({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } })).toBeUndefined();
    expect(diffValues({ x: { policy: { name: 'a', k: 1 } } }, { x: { policy: { name: 'b', j: 2 } } })).toEqual({ x: { policy: { name: 'b', j: 2 } } });
    expect(diffValues({ banks: { a: { h: 1 }, b: { h: 2 } } }, { banks: { a: { h: 1 } } })).toEqual({ banks: { b: null } });
  });
});
