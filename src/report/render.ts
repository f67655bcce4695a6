// vega-lite → vega → SVG string, in Node. The 'none' renderer with toSVG() needs no canvas package (whose
// native install script npm here will not run); vega escapes the text it writes into the SVG.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
