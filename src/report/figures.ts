// Every chart of a report page is also kept as files, so it can be reused outside the page: figures/NAME.svg (what
// the page shows) and figures/NAME.vl.json (the Vega-Lite spec that drew it, data inline; open it in the Vega
// editor or any Vega-Lite renderer to restyle it). NAME is the figure's id on the page without "chart-".
import { existsSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { figure, type Content, type Html } from './html.js';
import { renderSvg } from './render.js';

export const FIGURES_FOLDER = 'figures';

export interface SavedFigure {
  readonly name: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
  readonly svg: string;
}

/** Collects the figures of one page as they are drawn. */
export class Figures {
  readonly items: SavedFigure[] = [];

  /** Draws `spec`, keeps it, and returns the page's <figure> (id `chart-NAME`). */
  async figure(name: string, title: string, spec: TopLevelSpec, caption?: Content): Promise<Html> {
    if (this.items.some((f) => f.name === name)) throw new Error(`two figures named ${name}`); // a bug, not a user error
    const svg = await renderSvg(spec);
    this.items.push({ name, title, spec: { ...spec, description: spec.description ?? title }, svg });
    return figure(`chart-${name}`, title, svg, caption);
  }
}

/** Writes the figures into DIR/figures (each file atomically) and removes figure files an earlier report left that
 *  this one no longer draws. Returns the folder. */
export function writeFigures(dir: string, figures: Figures): string {
  const folder = join(dir, FIGURES_FOLDER);
  mkdirSync(folder, { recursive: true });
  const keep = new Set<string>();
  for (const f of figures.items) {
    const svg = `${f.name}.svg`, spec = `${f.name}.vl.json`;
    writeFileAtomic(join(folder, svg), f.svg.startsWith('<?xml') ? f.svg : `<?xml version="1.0" encoding="UTF-8"?>\n${f.svg}\n`);
    writeFileAtomic(join(folder, spec), `${JSON.stringify(f.spec, null, 1)}\n`);
    keep.add(svg).add(spec);
  }
  if (existsSync(folder)) {
    for (const file of readdirSync(folder)) {
      if ((file.endsWith('.svg') || file.endsWith('.vl.json')) && !keep.has(file)) unlinkSync(join(folder, file));
    }
  }
  return folder;
}
