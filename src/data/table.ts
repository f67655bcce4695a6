// The series table of docs/data.md, made from the catalog and the files so the docs cannot drift from either
// (test/data/docs.test.ts compares them).
import { SERIES_CATALOG } from './catalog.js';
import type { Dataset } from './dataset.js';

export function seriesTableMarkdown(ds: Dataset): string {
  const head = ['id', 'meaning', 'unit (file → model)', 'frequency, dated', 'first', 'last', 'rows', 'stale after', 'source', 'licence'];
  const rows = SERIES_CATALOG.map((spec) => {
    const s = ds.get(spec.id);
    const unit = spec.toModel(1000) === 1000 ? spec.unit : `${spec.unit} (÷ ${1000 / spec.toModel(1000)} → ${spec.modelUnit})`;
    return [`\`${spec.id}\``, spec.meaning, unit, `${spec.frequency}, ${spec.dated}`, s.first, s.last, String(s.dates.length),
      `${spec.maxAgeDays} days`, spec.source, spec.licence];
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
