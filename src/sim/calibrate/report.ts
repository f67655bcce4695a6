// The calibration's report page: the loss by evaluation, the moment fit at θ̂ (t-statistics), the estimates with
// their identification spread. Built from the shared HTML and chart helpers (src/report).
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic.js';
import { facts, figure, html, page, section, table } from '../../report/html.js';
import { intervalBars, lineChart } from '../../report/charts.js';
import { renderSvg } from '../../report/render.js';
import { momentFits } from './outputs.js';
import type { CalibrationResult } from './run-calibrate.js';

const num = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4)) : '–');

export async function writeCalibrationReport(r: CalibrationResult): Promise<string> {
  const fits = momentFits(r, r.best);
  const main = r.evaluations.filter((e) => e.stage === 'lhs' || e.stage === 'nelder-mead');
  const finite = main.filter((e) => Number.isFinite(r.loss(e)));
  const lossSvg = await renderSvg(lineChart({
    xLabel: 'evaluation', xType: 'quantitative', yLabel: 'loss', yUnit: '',
    series: [{ name: 'loss', points: finite.map((e) => ({ x: e.index, y: r.loss(e) })) },
      { name: 'best so far', points: finite.map((e, k) => ({ x: e.index, y: Math.min(...finite.slice(0, k + 1).map((f) => r.loss(f))) })) }],
  }));
  const tSvg = await renderSvg(intervalBars({
    label: 't-statistic at θ̂', unit: '', rows: fits.map((f) => ({ label: f.moment, value: Number.isFinite(f.t) ? f.t : 0 })),
  }));
  const id = r.identification;
  const body = [
    section('summary', 'Estimate',
      facts([['study', r.meta.study.name], ['window', r.meta.window], ['segments', r.meta.segments.map((s) => `${s.start} (+${s.ticks})`).join(', ')],
        ['runs per θ', String(r.meta.runs)], ['evaluations', String(main.length)], ['weighting', r.meta.weighting], ['seed', r.meta.seed],
        ['loss at θ̂', num(r.loss(r.best))], ['main search', r.converged ? 'converged' : 'stopped by its budget'],
        ...(r.better ? [['warning', `evaluation ${r.better.index} (${r.better.stage}) fits the data better than θ̂ (loss ${num(r.loss(r.better))}): the search had not converged`] as [string, string]] : [])]),
      table([{ title: 'parameter' }, { title: 'θ̂', numeric: true }, { title: 'range', numeric: true }, { title: 'replica sd', numeric: true },
        { title: 'sandwich sd', numeric: true }, { title: 'replica min–max', numeric: true }, { title: 'identified' }],
      r.parameters.map((p, j) => {
        const i = id?.[j];
        return [html`<code>${p.path}</code>`, num(r.best.values[j]), `${p.lo}–${p.hi}${p.log ? ' (log)' : ''}`,
          i ? num(i.replicaSd) : '–', i ? num(i.sandwichSd) : '–', i ? `${num(i.min)}–${num(i.max)}` : '–',
          i ? (i.identified ? 'yes' : i.spreadShare >= 0.5 ? `no: the replicas span ${Math.round(i.spreadShare * 100)}% of its range`
            : Number.isFinite(i.sandwichSd) ? 'no: its 95% interval spans half its range or more' : 'no: the moments do not move with it at θ̂ (singular curvature)') : 'not checked'];
      }))),
    section('moments', 'Moment fit at θ̂',
      table([{ title: 'moment' }, { title: 'empirical', numeric: true }, { title: '95% interval', numeric: true }, { title: 'simulated mean', numeric: true },
        { title: 'simulated sd', numeric: true }, { title: 't', numeric: true }, { title: 'inside' }],
      fits.map((f) => [html`<code>${f.moment}</code>`, num(f.empirical), `${num(f.lo)} – ${num(f.hi)}`, num(f.simMean), num(f.simSd), num(f.t), f.inside ? 'yes' : 'no'])),
      figure('moment-t', 'Simulated minus empirical, in standard errors', tSvg, '|t| > 2: the model at θ̂ misses the moment.')),
    section('loss', 'Loss by evaluation', figure('loss-chart', 'Loss of every evaluation of the search', lossSvg,
      `The first ${main.filter((e) => e.stage === 'lhs').length} are the Latin hypercube; the rest Nelder–Mead.`)),
  ];
  const path = join(r.dir, 'report.html');
  writeFileAtomic(path, page({
    title: `Calibration: ${r.meta.study.name}`, kicker: 'fimasim · calibration report',
    toc: [{ id: 'summary', title: 'Estimate' }, { id: 'moments', title: 'Moment fit' }, { id: 'loss', title: 'Loss' }],
    body, footer: html`<code>${`fimasim ${r.meta.command}`}</code>`,
  }));
  return path;
}
