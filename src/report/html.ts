// The page shell and small HTML builders shared by every report page. Strings are escaped by default: the
// `html` template escapes every interpolated value unless it is already Html (built here, or an SVG from
// render.ts wrapped with trusted()), so a scenario name or description can never inject markup.
import { chartFont } from './charts.js';

/** A fragment of markup that is safe to insert as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Content = Html | string | number | null | undefined | readonly Content[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]);
}

/** Markup produced by code we trust (an SVG rendered by vega, which escapes its own text). Never user text. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

function content(c: Content): string {
  if (c instanceof Html) return c.value;
  if (Array.isArray(c)) return c.map(content).join('');
  if (c === null || c === undefined) return '';
  return escapeHtml(String(c));
}

export function html(strings: TemplateStringsArray, ...values: Content[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += content(v) + strings[i + 1];
  });
  return new Html(out);
}

export interface Column {
  readonly title: string;
  readonly numeric?: boolean; // right-aligned, tabular figures
  readonly nowrap?: boolean;
}

export function table(columns: readonly Column[], rows: readonly (readonly Content[])[]): Html {
  const cls = (c: Column) => (c.numeric ? ' class="num"' : c.nowrap ? ' class="nowrap"' : '');
  return html`<div class="table-wrap"><table>
<thead><tr>${columns.map((c) => html`<th${trusted(cls(c))}>${c.title}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((cell, i) => html`<td${trusted(cls(columns[i] ?? {}))}>${cell}</td>`)}</tr>
`)}</tbody>
</table></div>`;
}

/** A two-column list of facts (name, value); entries without a value are left out. */
export function facts(items: readonly (readonly [string, Content])[]): Html {
  return html`<dl class="params">${items.filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** A chart with its heading and caption; `id` names the container the browser test looks into. */
export function figure(id: string, title: string, svg: string, caption?: Content): Html {
  return html`<figure class="chart" id="${id}"><figcaption class="chart-title">${title}</figcaption>
${trusted(svg)}${caption === undefined ? '' : html`<p class="caption">${caption}</p>`}</figure>`;
}

export function section(id: string, title: string, ...body: Content[]): Html {
  return html`<section id="${id}"><h2>${title}</h2>
${body}
</section>
`;
}

export interface PageOptions {
  readonly title: string; // <title> and the heading
  readonly kicker: string; // the small line above the heading, e.g. "fimasim · batch report"
  readonly lead?: Content; // under the heading
  readonly toc: readonly { id: string; title: string }[];
  readonly body: Content;
  readonly footer?: Content;
}

/** A complete, self-contained document: inline CSS, no scripts, no external resources. */
export function page(o: PageOptions): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${o.title}</title>
<style>${trusted(css)}</style>
</head>
<body>
<header>
<p class="kicker">${o.kicker}</p>
<h1>${o.title}</h1>
${o.lead}
<nav>${o.toc.map((t) => html`<a href="#${t.id}">${t.title}</a>`)}</nav>
</header>
<main>
${o.body}
</main>
<footer>${o.footer}</footer>
</body>
</html>
`.value;
}

const css = `
:root { --ink: #1f2328; --muted: #5b6470; --line: #d8dde3; --soft: #f5f7f9; --accent: #1d3f66; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 ${chartFont}; }
header, main, footer { max-width: 900px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; padding-bottom: 8px; border-bottom: 1px solid var(--line); }
.kicker { margin: 0; color: var(--muted); font-size: 13px; letter-spacing: .04em; text-transform: uppercase; }
h1 { margin: 4px 0 8px; font-size: 26px; line-height: 1.25; color: var(--accent); }
h2 { margin: 36px 0 12px; font-size: 19px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { margin: 20px 0 8px; font-size: 15px; }
.lead { margin: 0 0 10px; }
.meta { margin: 0 0 12px; color: var(--muted); font-size: 13px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 13px; margin: 8px 0; }
nav a, a { color: var(--accent); }
figure.chart { margin: 16px 0 24px; }
.chart-title { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.caption, .note { color: var(--muted); font-size: 13px; margin: 4px 0 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 0 20px; }
.grid figure.chart { margin: 8px 0 16px; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap, td code { white-space: nowrap; }
.def { color: var(--muted); font-size: 12px; min-width: 170px; }
tbody tr:hover { background: #fafbfc; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
p code { overflow-wrap: anywhere; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 10px 12px; white-space: pre-wrap;
  overflow-wrap: anywhere; }
details summary { cursor: pointer; color: var(--accent); font-size: 14px; }
dl.params { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; font-size: 14px; }
dl.params dt { color: var(--muted); }
dl.params dd { margin: 0; }
footer { margin-top: 40px; padding-top: 12px; padding-bottom: 40px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 12px; }
@media print { nav { display: none; } figure.chart { break-inside: avoid; } }
`;
