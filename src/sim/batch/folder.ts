// Which folder a batch writes to, and whether it may: a new folder under runs/, an explicit --out (refused when it
// exists and is not empty, unless --resume), or with --resume the folder of the same batch (same scenario hash,
// seed, run count and shard) — named by --out, or the newest incomplete one under runs/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BatchError } from './errors.js';
import { LOCK_FILE } from './lock.js';
import { isTempName } from '../files/atomic.js';
import { describeIdentity, identityOf, readManifest, sameIdentity, type Manifest } from './manifest.js';
import { BATCH_FILES } from '../files/batch-folder.js';
import type { BatchIdentity } from './spec.js';

export interface FolderChoice {
  readonly dir: string;
  readonly manifest: Manifest | null; // null: a new batch
}

export interface FolderRequest {
  readonly identity: BatchIdentity;
  readonly scenarioName: string;
  readonly out: string | undefined;
  readonly resume: boolean;
  readonly runsRoot: string;
  readonly now: Date;
}

// a folder holding nothing but a lock (and the temporary file of a first manifest being written) is one whose batch
// was killed before its manifest existed: a new batch (issue 19, "kill windows")
const isEmptyDir = (dir: string): boolean => readdirSync(dir).every((f) => f === LOCK_FILE || isTempName(f));

export function chooseFolder(req: FolderRequest): FolderChoice {
  if (req.out === undefined) {
    if (req.resume) return newestIncomplete(req);
    return { dir: freshName(req), manifest: null };
  }
  const dir = req.out;
  if (!existsSync(dir)) return { dir, manifest: null };
  if (!statSync(dir).isDirectory()) throw new BatchError(`--out ${dir}: exists and is not a folder`);
  if (isEmptyDir(dir)) return { dir, manifest: null };
  const manifest = readManifest(dir);
  if (!req.resume) {
    const what = manifest ? (manifest.finishedAt ? 'a finished batch' : 'an unfinished batch (add --resume to complete it)') : 'files';
    throw new BatchError(`--out ${dir}: the folder exists and is not empty (it holds ${what}); ` +
      'choose another folder, or add --resume to complete the batch in it');
  }
  if (!manifest) {
    throw new BatchError(`--resume: ${dir} is not a batch folder (no readable ${BATCH_FILES.manifest}); nothing to resume`);
  }
  const found = identityOf(manifest);
  if (!sameIdentity(found, req.identity)) {
    throw new BatchError(`--resume: ${dir} holds a batch of ${describeIdentity(found, manifest.scenarioName)}, ` +
      `but this command asks for ${describeIdentity(req.identity, req.scenarioName)}. Resume with the same --scenario, ` +
      `--set, --seed, --runs and --shard as the command that started it (${dir}/${BATCH_FILES.manifest}, "command"), or choose another --out`);
  }
  return { dir, manifest };
}

function newestIncomplete(req: FolderRequest): FolderChoice {
  const candidates: { dir: string; manifest: Manifest }[] = [];
  if (existsSync(req.runsRoot)) {
    for (const name of readdirSync(req.runsRoot)) {
      const dir = join(req.runsRoot, name);
      const manifest = readManifest(dir);
      if (manifest && manifest.finishedAt === null && sameIdentity(identityOf(manifest), req.identity)) candidates.push({ dir, manifest });
    }
  }
  if (candidates.length === 0) {
    throw new BatchError(`--resume: no unfinished batch under ${req.runsRoot}/ with ${describeIdentity(req.identity, req.scenarioName)}; ` +
      'name the folder with --out, or drop --resume to start a new batch');
  }
  candidates.sort((a, b) => (a.manifest.startedAt < b.manifest.startedAt ? 1 : a.manifest.startedAt > b.manifest.startedAt ? -1 : a.dir < b.dir ? 1 : -1));
  return candidates[0];
}

function freshName(req: FolderRequest): string {
  const stamp = req.now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const shard = req.identity.shard ? `-shard${req.identity.shard.index}of${req.identity.shard.count}` : '';
  const base = `${req.scenarioName.replace(/[^\w.-]+/g, '-')}-${req.identity.seed}-${stamp}${shard}`;
  let dir = join(req.runsRoot, base);
  for (let k = 2; existsSync(dir); k++) dir = join(req.runsRoot, `${base}-${k}`);
  return dir;
}
