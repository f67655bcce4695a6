// The explore page's server: Node's http bound to 127.0.0.1. Every request must carry the session's random token
// (in the URL or the x-fimasim-token header) and name this server in Host (and in Origin when a browser sends one),
// so another site — even one that rebinds its DNS name to 127.0.0.1 — cannot drive it (docs/security.md).
// One paired run at a time: a new Run cancels the one going on. Progress reaches the page as server-sent events.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartTemplates } from './charts.js';
import { MAX_PAGE_RUNS, type ExploreService, type FieldProblem, type Opening, type Overrides, type Pair, type RunRequest } from './service.js';

// beside this module: src/explore/page under vitest, dist/explore/page as the build copies it (scripts/postbuild.mjs)
const PAGE_DIR = new URL('./page/', import.meta.url);
// vega's browser build, wherever npm put the dependency (hoisted or not)
const VEGA_FILE = join(dirname(createRequire(import.meta.url).resolve('vega/package.json')), 'build', 'vega.min.js');

/** The static files the page is made of: a fixed list, never a path taken from the request. */
const STATIC: Readonly<Record<string, { file: () => string; type: string }>> = {
  '/': { file: () => fileURLToPath(new URL('index.html', PAGE_DIR)), type: 'text/html; charset=utf-8' },
  '/app.js': { file: () => fileURLToPath(new URL('app.js', PAGE_DIR)), type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: () => fileURLToPath(new URL('style.css', PAGE_DIR)), type: 'text/css; charset=utf-8' },
  '/vega.min.js': { file: () => VEGA_FILE, type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

export interface ExploreServer {
  readonly url: string; // with the token
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

interface Job { readonly id: number; readonly controller: AbortController; readonly done: Promise<void> }

export async function startExploreServer(service: ExploreService, opts: { port: number; defaults: { runs: number; seed: string } }): Promise<ExploreServer> {
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let job: Job | null = null;
  let jobs = 0;
  let port = opts.port;
  // the baseline of the page's default request, computed while the page loads; the first Run cancels it
  const prefetch = new AbortController();
  const prefetched = service.prefetchBaseline(opts.defaults.runs, opts.defaults.seed, prefetch.signal).catch(() => {});
  const broadcast = (event: string, data: unknown): void => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const s of streams) s.write(text);
  };

  const startJob = (run: RunRequest, pair: Pair): number => {
    prefetch.abort();
    job?.controller.abort();
    if (job) broadcast('cancelled', { job: job.id });
    const id = ++jobs;
    const controller = new AbortController();
    broadcast('start', { job: id, ...service.start(pair, run) });
    const done = service.runPaired(pair, run, controller.signal, (s) => broadcast(s.finished ? 'done' : 'snapshot', { job: id, ...s }))
      .catch((e: unknown) => broadcast('failed', { job: id, message: e instanceof Error ? e.message : String(e) }))
      .then(() => { if (job?.id === id) job = null; });
    job = { id, controller, done };
    return id;
  };

  const api: Record<string, (body: Record<string, unknown>) => Promise<[number, unknown]>> = {
    '/api/form': async (body) => {
      const overrides = overridesOf(body);
      const v = service.validate(overrides, openingOf(body));
      return [200, { ...service.form(v.ok ? overrides : {}), problems: v.ok ? [] : v.problems, defaults: opts.defaults, maxRuns: MAX_PAGE_RUNS,
        workers: service.workers, charts: await chartTemplates() }];
    },
    '/api/run': async (body) => {
      const problems = service.checkRequest(body.runs, body.seed);
      const v = service.validate(overridesOf(body), openingOf(body));
      if (!v.ok) problems.push(...v.problems);
      if (problems.length || !v.ok) return [400, { problems }];
      return [202, { job: startJob({ overrides: overridesOf(body), runs: Number(body.runs), seed: String(body.seed) }, v.pair) }];
    },
    '/api/run-paths': async (body) => {
      const v = service.validate(overridesOf(body), openingOf(body));
      const problems: FieldProblem[] = v.ok ? [] : [...v.problems];
      const run = String(body.run);
      if (!/^\d{1,7}$/.test(run)) problems.push({ path: 'run', message: `expected a run index, found '${run}'` });
      problems.push(...service.checkRequest(2, body.seed));
      if (problems.length || !v.ok) return [400, { problems }];
      const paths = await service.runPaths(v.pair, String(body.seed), Number(run));
      return [200, { run: Number(run), ...paths, command: service.commands(v.pair, { runs: 1, seed: String(body.seed) }).runTweak.replace('RUN', run) }];
    },
    '/api/save': async (body) => {
      const v = service.validate(overridesOf(body), openingOf(body));
      if (!v.ok) return [400, { problems: v.problems }];
      const r = service.saveScenario(v.pair, String(body.name ?? ''));
      return r.ok ? [200, r] : [400, { problems: r.problems }];
    },
    '/api/write-batch': async (body) => {
      const problems = service.checkRequest(body.runs, body.seed);
      const v = service.validate(overridesOf(body), openingOf(body));
      if (!v.ok) problems.push(...v.problems);
      const which = body.which === 'baseline' ? 'baseline' : 'tweak';
      if (problems.length || !v.ok) return [400, { problems }];
      return [200, await service.writeBatch(v.pair, { overrides: overridesOf(body), runs: Number(body.runs), seed: String(body.seed) }, which)];
    },
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req, port, token);
    if (refused) return send(res, refused[0], { error: refused[1] });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && STATIC[url.pathname]) {
      const s = STATIC[url.pathname];
      let text = readFileSync(s.file(), 'utf8');
      if (url.pathname === '/') text = text.replaceAll('__TOKEN__', token); // base64url: nothing to escape
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': s.type });
      return void res.end(text);
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const route = api[url.pathname];
    if (!route) return send(res, 404, { error: `no such page: ${url.pathname}` });
    if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, { error: 'expected application/json' });
    const body = await readBody(req);
    if (body === null) return send(res, 400, { error: 'expected a JSON object' });
    const [status, out] = await route(body);
    send(res, status, out);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`, port, token,
    close: async () => {
      prefetch.abort();
      job?.controller.abort();
      await Promise.all([job?.done, prefetched]);
      for (const s of streams) s.end();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
  };
}

/** [status, reason] when a request must be refused: a foreign Host or Origin, or no (or a wrong) token. */
export function refusal(req: IncomingMessage, port: number, token: string): [number, string] | null {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!hosts.includes(req.headers.host ?? '')) return [403, `refused: Host '${req.headers.host ?? ''}' is not this server`];
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) return [403, `refused: Origin '${origin}' is not this server`];
  const given = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? header(req, 'x-fimasim-token') ?? '';
  const a = Buffer.from(given), b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return [403, 'refused: this page needs the token printed by `fimasim explore`'];
  return null;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) return null;
    chunks.push(c as Buffer);
  }
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The page's overrides: path → value text; anything else in the object is ignored. */
function overridesOf(body: Record<string, unknown>): Overrides {
  const o = body.overrides;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
  return Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).map(([k, v]) => [k, String(v)]));
}

/** The page's opening: a start date from the data (or none) and the realised policy path; absent: the command line's. */
function openingOf(body: Record<string, unknown>): Opening | undefined {
  const o = body.opening;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const { start, realisedPolicy } = o as Record<string, unknown>;
  return { start: typeof start === 'string' && start.trim() !== '' ? start.trim() : null, realisedPolicy: realisedPolicy === true };
}
