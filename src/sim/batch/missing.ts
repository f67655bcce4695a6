// The message of a merge with runs missing: which shards, and how to run them again, in forms that can be pasted
// back into the scheduler (the Slurm array list) or a shell (one `fimasim batch` per shard).
import type { Manifest } from './manifest.js';

interface Source {
  readonly dir: string;
  readonly manifest: Manifest;
}

export function missingShardsMessage(missing: readonly number[], inputs: readonly Source[]): string {
  const runs = inputs[0].manifest.runs;
  const counts = new Set(inputs.map((x) => x.manifest.shard?.count ?? 1));
  const head = `merge: ${missing.length} of ${runs} runs are missing`;
  if (counts.size !== 1 || counts.has(1)) {
    return `${head} (run indices ${ranges(missing)}): the folders given do not cover the batch; add the folders that hold them`;
  }
  const n = [...counts][0];
  const ks = [...new Set(missing.map((i) => i % n))].sort((a, b) => a - b);
  const template = inputs.find((x) => x.manifest.shard)!;
  const lines = [
    `${head}: shard${ks.length > 1 ? 's' : ''} ${ks.join(', ')} of ${n} ${ks.length > 1 ? 'were' : 'was'} not given (folders given: ${inputs.length}).`,
    'Run them (or finish them), then merge again with their folders added:',
    `  Slurm (deploy/slurm/fimasim-shards.sh):  sbatch --array=${ks.join(',')} deploy/slurm/fimasim-shards.sh`,
    '  Kubernetes Indexed Job or AWS Batch array job: submit the same job again; shards that are already finished exit at once (--resume)',
    '  one shard at a time:',
    ...ks.map((k) => `    ${commandForShard(template, k, n)}`),
  ];
  return lines.join('\n');
}

/** The command that made `x`, for shard k instead: --shard set to k/N, and the shard number in --out replaced. */
export function commandForShard(x: Source, k: number, n: number): string {
  const own = x.manifest.shard!.index;
  const words = x.manifest.command.split(' ');
  const out: string[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    if (word === '--shard' && w + 1 < words.length) { out.push(word, `${k}/${n}`); w++; continue; }
    if (word.startsWith('--shard=')) { out.push(`--shard=${k}/${n}`); continue; }
    if (word === '--out' && w + 1 < words.length) { out.push(word, outFor(words[w + 1], own, k)); w++; continue; }
    if (word.startsWith('--out=')) { out.push(`--out=${outFor(word.slice(6), own, k)}`); continue; }
    out.push(word);
  }
  if (!out.includes('--resume')) out.push('--resume');
  return out.join(' ');
}

function outFor(path: string, own: number, k: number): string {
  const parts = path.split('/');
  const last = parts[parts.length - 1];
  const token = new RegExp(`(^|\\D)${own}(?!\\d)`);
  if (!token.test(last)) return `<folder for shard ${k}>`;
  parts[parts.length - 1] = last.replace(token, (_, before: string) => `${before}${k}`);
  return parts.join('/');
}

export function ranges(xs: readonly number[], limit = 12): string {
  const parts: string[] = [];
  for (let a = 0; a < xs.length;) {
    let b = a;
    while (b + 1 < xs.length && xs[b + 1] === xs[b] + 1) b++;
    parts.push(a === b ? String(xs[a]) : `${xs[a]}–${xs[b]}`);
    a = b + 1;
  }
  return parts.length > limit ? `${parts.slice(0, limit).join(', ')}, … (${parts.length - limit} more ranges)` : parts.join(', ');
}
