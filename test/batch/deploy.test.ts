// The launchers in deploy/: valid YAML with the fields Kubernetes requires of an Indexed Job, a volume claim and a
// merge Job; Slurm scripts whose array matches their shard count; and a Dockerfile that installs with npm ci.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './cli.js';
import { parseShard } from '../../src/sim/batch/shard.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const yamlDocs = (file: string): Obj[] => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes', file), 'utf8'));
  for (const d of docs) expect(d.errors, file).toEqual([]);
  return docs.map((d) => d.toJS() as Obj);
};
const [pvc] = yamlDocs('pvc.yaml');
const [shards] = yamlDocs('shards-job.yaml');
const [merge] = yamlDocs('merge-job.yaml');

function checkJobBasics(job: Obj): Obj {
  expect(job.apiVersion).toBe('batch/v1');
  expect(job.kind).toBe('Job');
  expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  const pod = job.spec.template.spec;
  expect(['Never', 'OnFailure']).toContain(pod.restartPolicy); // a Job's pods may not restart Always
  expect(pod.containers.length).toBeGreaterThan(0);
  for (const c of pod.containers) {
    expect(typeof c.name).toBe('string');
    expect(typeof c.image).toBe('string');
    for (const m of c.volumeMounts ?? []) expect(pod.volumes.map((v: Obj) => v.name)).toContain(m.name);
  }
  const claim = pod.volumes.find((v: Obj) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
  expect(claim).toBe(pvc.metadata.name);
  return pod;
}

describe('deploy/kubernetes', () => {
  it('claims a volume many pods can mount at once', () => {
    expect(pvc).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');
    expect(pvc.spec.resources.requests.storage).toMatch(/^\d+[GT]i$/);
  });

  it('runs one shard per index of an Indexed Job, N = completions, each into its own folder with --resume', () => {
    const pod = checkJobBasics(shards);
    expect(shards.spec.completionMode).toBe('Indexed');
    const n = shards.spec.completions;
    expect(Number.isInteger(n) && n >= 1).toBe(true);
    expect(shards.spec.parallelism).toBeLessThanOrEqual(n);
    const c = pod.containers[0];
    const args: string[] = c.args;
    expect(args.every((a) => typeof a === 'string')).toBe(true); // numbers must be quoted for Kubernetes
    expect(args[0]).toBe('batch');
    const shard = args[args.indexOf('--shard') + 1];
    expect(shard).toBe(`auto/${n}`);
    expect(parseShard(shard, { JOB_COMPLETION_INDEX: String(n - 1) })).toEqual({ index: n - 1, count: n });
    expect(args).toContain('--resume');
    const out = args[args.indexOf('--out') + 1];
    const ref = /\$\((\w+)\)/.exec(out)![1]; // $(VAR) is expanded by Kubernetes from the container's env
    const env = c.env.find((e: Obj) => e.name === ref);
    expect(env.valueFrom.fieldRef.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(out.startsWith(c.volumeMounts[0].mountPath)).toBe(true);
    expect(args[args.indexOf('--workers') + 1]).toBe(String(c.resources.requests.cpu));
  });

  it('merges every shard folder of that Job', () => {
    const pod = checkJobBasics(merge);
    const script = [...(pod.containers[0].command ?? []), ...pod.containers[0].args].join(' ');
    const shardOut = shards.spec.template.spec.containers[0].args;
    const prefix = shardOut[shardOut.indexOf('--out') + 1].replace(/\$\(\w+\)$/, '');
    expect(script).toContain(`merge ${prefix}*`);
    expect(script).toMatch(/--out \S+/);
  });
});

describe('deploy/slurm', () => {
  const shardsScript = readFileSync(join(ROOT, 'deploy/slurm/fimasim-shards.sh'), 'utf8');

  it.each(['fimasim-shards.sh', 'fimasim-merge.sh'])('%s is valid bash', (file) => {
    execFileSync('bash', ['-n', join(ROOT, 'deploy/slurm', file)]);
  });

  it('has an array 0..SHARDS−1 and runs one shard per task into its own folder with --resume', () => {
    const array = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(shardsScript)!;
    const shardsDefault = Number(/^SHARDS=\$\{SHARDS:-(\d+)\}$/m.exec(shardsScript)![1]);
    expect([Number(array[1]), Number(array[2])]).toEqual([0, shardsDefault - 1]);
    expect(shardsScript).toContain('--shard "auto/$SHARDS"');
    expect(shardsScript).toContain('--out "$STUDY/shard-$K"');
    expect(shardsScript).toContain('--resume');
    expect(parseShard(`auto/${shardsDefault}`, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '2', FIMASIM_SHARD_BASE: '0' })).toEqual({ index: 2, count: shardsDefault });
  });
});

describe('Dockerfile', () => {
  it('installs with npm ci from the lock file and runs the compiled CLI', () => {
    const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
    expect(text).toMatch(/^RUN npm ci$/m);
    expect(text).not.toMatch(/npm install/);
    expect(text).toMatch(/^FROM node:20[-\w.]*/m);
    expect(text).toContain('ENTRYPOINT ["node", "/app/dist/cli/main.js"]');
  });
});
