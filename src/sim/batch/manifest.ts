// manifest.json of a batch folder (docs/files.md): what was run, by which fimasim, when and how. Written when the
// batch starts (finishedAt null: an incomplete folder that --resume can find) and again when it finishes. The type,
// the reader and the writer belong to the folder's owner (files/batch-folder.ts); this module makes the content.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../scenario/schema.js';
import { moduleDigests } from '../scenario/policy-modules.js';
import type { Manifest } from '../files/batch-folder.js';
import type { BatchIdentity, Shard } from './spec.js';

export { readManifest, writeManifest, type Manifest } from '../files/batch-folder.js';
import type { SampleSpec } from '../sample/spec.js';
import { SAMPLE_DERIVATION } from '../sample/values.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function newManifest(scenario: Scenario, id: BatchIdentity, command: string, startedAt: Date): Manifest {
  return {
    fimasimVersion: packageVersion(),
    node: process.version,
    gitCommit: gitCommit(),
    scenarioName: scenario.name,
    scenarioHash: id.scenarioHash,
    scenario,
    seed: id.seed,
    runs: id.runs,
    workers: null,
    shard: id.shard,
    startedAt: startedAt.toISOString(),
    resumedAt: [],
    finishedAt: null,
    wallSeconds: null,
    command,
    ...moduleRecord(scenario),
    ...(id.sample ? { sample: { ...id.sample, derivation: SAMPLE_DERIVATION } } : {}),
  };
}

function moduleRecord(scenario: Scenario): { modules?: Record<string, string> } {
  const { digests } = moduleDigests(scenario);
  return digests.size ? { modules: Object.fromEntries([...digests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {};
}

export function identityOf(m: Manifest): BatchIdentity {
  const id = { scenarioHash: m.scenarioHash, seed: m.seed, runs: m.runs, shard: m.shard ?? null };
  if (!m.sample) return id;
  const { derivation: _, ...sample } = m.sample;
  return { ...id, sample };
}

/** Sample specs are built by code in a fixed key order and survive a JSON round trip, so their text compares them. */
const sameSample = (a: SampleSpec | null | undefined, b: SampleSpec | null | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export const sameShard = (a: Shard | null, b: Shard | null): boolean =>
  a === null || b === null ? a === b : a.index === b.index && a.count === b.count;

export const sameIdentity = (a: BatchIdentity, b: BatchIdentity): boolean =>
  a.scenarioHash === b.scenarioHash && a.seed === b.seed && a.runs === b.runs && sameShard(a.shard, b.shard) && sameSample(a.sample, b.sample);

export function describeIdentity(id: BatchIdentity, name?: string): string {
  const shard = id.shard ? `, shard ${id.shard.index}/${id.shard.count}` : '';
  const sample = id.sample ? `, sampling ${id.sample.parameters.map((p) => `${p.path}=${p.spec}`).join(' ')}` : '';
  return `scenario ${name ? `${name} ` : ''}(hash ${id.scenarioHash}), seed ${id.seed}, ${id.runs} runs${shard}${sample}`;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The commit of the fimasim source, from git; in a container image without git, from FIMASIM_GIT_COMMIT (a build
 *  argument of the Dockerfile). */
function gitCommit(): string | null {
  const fromEnv = process.env.FIMASIM_GIT_COMMIT?.trim();
  if (fromEnv && /^[0-9a-f]{7,40}$/.test(fromEnv)) return fromEnv;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const sha = out.toString().trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** The command line as it was typed, quoted for a POSIX shell where needed. */
export { commandLine } from '../files/command-line.js';
