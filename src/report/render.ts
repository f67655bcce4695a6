// vega-lite → vega → SVG string, in Node. The 'none' renderer with toSVG() needs no canvas package (whose
// native install script npm here will not run); vega escapes the text it writes into the SVG.
// vega and vega-lite are loaded on first use (≈ 170 ms of start-up every command would otherwise pay); a batch
// starts loading them while its runs go on (`loadRenderer`).
import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
interface Renderer { readonly vega: Vega; readonly compile: typeof import('vega-lite').compile }
let renderer: Promise<Renderer> | undefined;

/** Loads vega and vega-lite once; later calls share the same promise. */
export function loadRenderer(): Promise<Renderer> {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    measureTextLikeHelvetica(vega);
    return { vega, compile: vegaLite.compile };
  });
  return renderer;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await loadRenderer();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// Without a canvas vega guesses every character is 0.8 em wide, so it truncates labels that would fit, pads
// axes and drops tick labels it thinks overlap. Measure with Helvetica's advance widths (AFM, 1/1000 em, ASCII
// 32–126) scaled by 1.1 to cover wider sans fonts such as DejaVu Sans (Chromium's sans-serif on Debian).
// vega supports replacing textMetrics.width (vl-convert does the same); vega-typings do not declare it.
const helvetica = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
  556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
  556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
  500, 500, 500, 334, 260, 334, 584,
];

interface TextItem {
  fontSize?: number;
  limit?: number;
}

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += helvetica[(ch.codePointAt(0) ?? 0) - 32] ?? 600;
  return (1.1 * em * fontSize) / 1000;
}

function measureTextLikeHelvetica(vega: Vega): void {
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  // Capped at the item's limit: vega's truncate() compares against it, and a truncated label is at most that wide.
  metrics.width = (item, text) => {
    const width = textWidth(text == null ? '' : String(text).trim(), item.fontSize ?? 11);
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}
