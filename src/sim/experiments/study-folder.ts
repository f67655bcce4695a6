// The folder of a command that runs many batches (sweep, backtest, calibrate): a new one needs an empty or missing
// folder; --resume needs a folder of the same study, recognised by its meta file. One rule, one set of messages.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentError } from './errors.js';

export interface StudyKind<M> {
  /** What the command makes, in words: 'sweep', 'backtest', 'calibration'. */
  readonly noun: string;
  /** The meta file that marks the folder (sweep.json, backtest.json, calibrate.json). */
  readonly file: string;
  /** What must match for a --resume: options, scenario hashes, the data's fingerprint. */
  readonly identity: (m: M) => unknown;
  /** The study in a few words, for the refusal. */
  readonly describe: (m: M) => string;
  /** How to resume it right, e.g. "the same --scenario, --set, --vary, --seed and --runs". */
  readonly same: string;
}

/** The meta to continue with: `fresh` for a new folder, the folder's own (unfinished again) for a resume. */
export function chooseStudyFolder<M extends { readonly finishedAt: string | null }>(out: string, resume: boolean, fresh: M, kind: StudyKind<M>): M {
  const path = join(out, kind.file);
  if (!existsSync(out) || readdirSync(out).length === 0) {
    if (resume && !existsSync(out)) throw new ExperimentError(`--resume: ${out} does not exist; nothing to resume (drop --resume to start the ${kind.noun})`);
    return fresh;
  }
  if (!resume) throw new ExperimentError(`--out ${out}: the folder exists and is not empty; choose another folder, or add --resume to complete the ${kind.noun} in it`);
  if (!existsSync(path)) throw new ExperimentError(`--resume: ${out} is not a ${kind.noun} folder (no ${kind.file})`);
  let old: M;
  try {
    old = JSON.parse(readFileSync(path, 'utf8')) as M;
  } catch (e) {
    throw new ExperimentError(`--resume: ${path} cannot be read as JSON (${(e as Error).message})`);
  }
  if (JSON.stringify(kind.identity(old)) !== JSON.stringify(kind.identity(fresh))) {
    throw new ExperimentError(`--resume: ${out} holds another ${kind.noun} (${kind.describe(old)}); resume with ${kind.same} (see ${path}, "command")`);
  }
  return { ...old, finishedAt: null };
}
