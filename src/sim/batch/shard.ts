// `--shard K/N` and `--shard auto/N`: which shard this process is. With `auto`, K comes from the job-array index the
// scheduler sets: Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX), Slurm arrays (SLURM_ARRAY_TASK_ID −
// SLURM_ARRAY_TASK_MIN, since arrays often start at 1) and AWS Batch array jobs (AWS_BATCH_JOB_ARRAY_INDEX).
// FIMASIM_SHARD_BASE replaces SLURM_ARRAY_TASK_MIN when only some tasks are resubmitted (`--array=3,6` would
// otherwise make task 3 the minimum, i.e. shard 0).
import { UserError } from '../../errors.js';
import type { Shard } from './spec.js';

export class ShardError extends UserError {
  constructor(message: string) {
    super('shard', message);
    this.name = 'ShardError';
  }
}

const INT = /^\d+$/;

export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^([^/]+)\/([^/]+)$/.exec(text.trim());
  if (!m) throw new ShardError(`--shard: expected K/N (e.g. 2/7) or auto/N, found '${text}'`);
  const [, kText, nText] = m;
  if (!INT.test(nText) || Number(nText) < 1 || !Number.isSafeInteger(Number(nText))) {
    throw new ShardError(`--shard: N must be a positive integer, found '${nText}' in '${text}'`);
  }
  const count = Number(nText);
  const index = kText === 'auto' ? shardIndexFromEnv(env) : Number(INT.test(kText) ? kText : NaN);
  if (!Number.isSafeInteger(index)) throw new ShardError(`--shard: K must be a non-negative integer or 'auto', found '${kText}' in '${text}'`);
  if (index >= count) throw new ShardError(`--shard: K must be below N (shards are numbered 0 to ${count - 1}), found ${index}/${count}`);
  return { index, count };
}

function shardIndexFromEnv(env: NodeJS.ProcessEnv): number {
  const read = (name: string): number => {
    const v = env[name] ?? '';
    if (!INT.test(v)) throw new ShardError(`--shard auto: ${name} must be a non-negative integer, found '${v}'`);
    return Number(v);
  };
  if (env.JOB_COMPLETION_INDEX !== undefined) return read('JOB_COMPLETION_INDEX');
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const base = env.FIMASIM_SHARD_BASE !== undefined ? read('FIMASIM_SHARD_BASE') : env.SLURM_ARRAY_TASK_MIN !== undefined ? read('SLURM_ARRAY_TASK_MIN') : 0;
    const k = read('SLURM_ARRAY_TASK_ID') - base;
    if (k < 0) throw new ShardError(`--shard auto: SLURM_ARRAY_TASK_ID ${env.SLURM_ARRAY_TASK_ID} is below the array base ${base}`);
    return k;
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) return read('AWS_BATCH_JOB_ARRAY_INDEX');
  throw new ShardError('--shard auto/N: no job-array index in the environment (expected JOB_COMPLETION_INDEX, ' +
    'SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX); give the shard as K/N instead');
}

export const shardText = (s: Shard): string => `${s.index}/${s.count}`;
