// Default output folders of sweep, sample, compare, backtest and calibrate: a new, stamped folder under runs/, like a batch's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function stampedFolder(root: string, base: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const name = `${base.replace(/[^\w.-]+/g, '-')}-${stamp}`;
  let dir = join(root, name);
  for (let k = 2; existsSync(dir); k++) dir = join(root, `${name}-${k}`);
  return dir;
}
