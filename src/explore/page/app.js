// fimasim explore, the page. Plain ES module, no build step; charts are vega views (vega's browser build, served by
// fimasim) made once from the server's compiled templates and redrawn by swapping their data as runs arrive.
// Text from the server always goes in through textContent, never as HTML.
/* global vega */
const token = new URLSearchParams(location.search).get('token') ?? '';
const $ = (id) => document.getElementById(id);

/** State the tests and the bench read: event counts, timings of the last Run, its last snapshot. */
const state = { overrides: {}, baseline: new Map(), shown: new Map(), job: null, views: new Map(), events: [], timings: {}, last: null, runOverrides: {}, runSeed: null, start: null };
window.__explore = state;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** How both sides open, as the page's two controls say. */
const opening = () => ({ start: $('opening-start').value.trim() || null, realisedPolicy: $('opening-realised').checked });

async function api(path, body) {
  const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-fimasim-token': token }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const num = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x === 0 ? '0' : Math.abs(x) >= 1e4 ? x.toFixed(0) : String(Number(x.toPrecision(4))));
const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const text = (v) => (v === null || v === undefined ? 'null' : String(v));

// ---- the form ------------------------------------------------------------------------------------------------

let charts = null;

async function loadForm() {
  const r = await api('/api/form', { overrides: state.overrides, ...(state.baseline.size ? { opening: opening() } : {}) });
  const f = r.body;
  charts ??= f.charts;
  if (state.baseline.size === 0) {
    for (const field of f.fields) state.baseline.set(field.path, text(field.value));
    $('baseline-name').textContent = f.baselineName;
    $('runs').value = String(f.defaults.runs);
    $('seed').value = f.defaults.seed;
    $('opening-start').value = f.opening.start ?? '';
    $('opening-realised').checked = f.opening.realisedPolicy;
    setupCharts();
  }
  renderFields(f);
  showProblems(f.problems ?? []);
}

function renderFields(f) {
  const root = $('fields');
  const open = new Set([...root.querySelectorAll('details[open]')].map((d) => d.dataset.group));
  root.replaceChildren();
  state.shown = new Map(f.fields.map((x) => [x.path, text(x.value)]));
  const groups = new Map();
  for (const field of f.fields) {
    if (!groups.has(field.group)) groups.set(field.group, []);
    groups.get(field.group).push(field);
  }
  for (const [group, fields] of groups) {
    const d = el('details', { class: 'group', 'data-group': group }, el('summary', { text: group }));
    // the banks (what users tweak most) start open; later, what was open and whatever holds a change
    if (open.has(group) || fields.some((x) => state.overrides[x.path] !== undefined) || (open.size === 0 && group.startsWith('banks.'))) d.open = true;
    for (const field of fields) d.append(fieldElement(field));
    for (const ro of f.readOnly.filter((x) => x.path === group || x.path.startsWith(`${group}.`))) {
      d.append(el('div', { class: 'readonly', text: `${ro.path}: ${ro.why}` }));
    }
    root.append(d);
  }
  const orphans = f.readOnly.filter((x) => !groups.has(x.path.split('.')[0]) && !groups.has(x.path.split('.').slice(0, 2).join('.')));
  for (const ro of orphans) root.append(el('div', { class: 'readonly', text: `${ro.path}: ${ro.why}` }));
  showChanged();
}

function fieldElement(field) {
  const id = `f-${field.path}`;
  let input;
  if (field.kind === 'boolean' || field.kind === 'enum' || field.kind === 'policy') {
    const options = field.kind === 'boolean' ? ['true', 'false'] : field.options;
    input = el('select', { id, name: field.path }, ...options.map((o) => el('option', { value: o, text: o })));
    if (!options.includes(text(field.value))) input.append(el('option', { value: text(field.value), text: text(field.value) }));
  } else {
    input = el('input', { id, name: field.path, inputMode: field.kind === 'string' ? 'text' : 'decimal' });
  }
  input.value = state.overrides[field.path] ?? text(field.value);
  const range = field.min !== undefined || field.max !== undefined
    ? `${field.exclusiveMin ? '(' : '['}${field.min ?? '−∞'}, ${field.max ?? '∞'}${field.exclusiveMax ? ')' : ']'}` : null;
  const meta = [field.default !== undefined ? `default ${text(field.default)}` : null, range, field.description].filter(Boolean).join(' · ');
  const box = el('div', { class: 'field', 'data-path': field.path },
    el('label', { htmlFor: id }, el('span', { class: 'name', text: field.label }), el('span', { class: 'unit', text: field.unit ?? '' })),
    input, meta ? el('div', { class: 'meta', text: meta }) : null, el('div', { class: 'problem' }));
  if (state.overrides[field.path] !== undefined) box.classList.add('changed');
  input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => onEdit(field, input.value, box));
  return box;
}

async function onEdit(field, value, box) {
  const base = state.baseline.get(field.path);
  const reference = base ?? state.shown.get(field.path);
  if (value === reference && (base !== undefined || state.overrides[field.path] === undefined)) delete state.overrides[field.path];
  else state.overrides[field.path] = value;
  box.classList.toggle('changed', state.overrides[field.path] !== undefined);
  box.classList.remove('bad');
  box.querySelector('.problem').textContent = '';
  showChanged();
  if (field.kind === 'policy') {
    const prefix = field.path.slice(0, -'name'.length);
    for (const k of Object.keys(state.overrides)) if (k.startsWith(prefix) && k !== field.path) delete state.overrides[k];
    await loadForm(); // the chosen rule set's own parameters
  }
}

function showChanged() {
  const lines = Object.entries(state.overrides).map(([k, v]) => `${k}=${v}`);
  $('changed').replaceChildren(lines.length ? el('div', {}, el('b', { text: `${lines.length} change${lines.length === 1 ? '' : 's'}: ` }), ...lines.map((l) => el('div', {}, el('code', { text: l })))) : el('div', { class: 'note', text: 'No change yet: the tweak is the baseline.' }));
}

function showProblems(problems) {
  for (const b of document.querySelectorAll('.field.bad')) { b.classList.remove('bad'); b.querySelector('.problem').textContent = ''; }
  for (const id of ['problem-runs', 'problem-seed', 'problem-name', 'problem-opening', 'problems-other']) $(id).textContent = '';
  const other = [];
  for (const p of problems) {
    const box = document.querySelector(`.field[data-path="${CSS.escape(p.path)}"]`);
    const line = `${p.path}: ${p.message}`;
    if (box) { box.classList.add('bad'); box.querySelector('.problem').textContent = line; box.closest('details').open = true; }
    else if (['runs', 'seed', 'name'].includes(p.path)) $(`problem-${p.path}`).textContent = line;
    else if (p.path.startsWith('opening.')) $('problem-opening').textContent += `${$('problem-opening').textContent ? '\n' : ''}${line}`;
    else other.push(line);
  }
  $('problems-other').textContent = other.join('\n');
}

// ---- running ---------------------------------------------------------------------------------------------------

async function run(ev) {
  ev?.preventDefault();
  state.timings = { clicked: performance.now() };
  const body = { overrides: { ...state.overrides }, opening: opening(), runs: $('runs').value.trim(), seed: $('seed').value.trim() };
  const r = await api('/api/run', body);
  if (r.status !== 202) {
    showProblems(r.body.problems ?? [{ path: 'other', message: r.body.error ?? `HTTP ${r.status}` }]);
    $('status').textContent = 'Not run: fix the values marked in red.';
    return;
  }
  showProblems([]);
  state.job = Math.max(state.job ?? 0, r.body.job);
  state.runOverrides = body.overrides;
  state.runOpening = body.opening;
  state.runSeed = body.seed;
}

function listen() {
  const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  for (const kind of ['start', 'snapshot', 'done', 'cancelled', 'failed']) {
    es.addEventListener(kind, (e) => {
      const data = JSON.parse(e.data);
      state.events.push({ kind, job: data.job });
      // the latest Run wins (a new one cancels the old, from this tab or another); its start may arrive before the
      // POST that asked for it has answered
      if (kind === 'start' && data.job > (state.job ?? 0)) state.job = data.job;
      if (data.job !== state.job) return;
      if (kind === 'start') onStart(data);
      else if (kind === 'snapshot' || kind === 'done') schedule(data);
      else if (kind === 'failed') $('status').textContent = `Failed: ${data.message}`;
    });
  }
}

function onStart(s) {
  state.start = s;
  state.pending = null;
  $('status').textContent = `Running ${s.runs} pairs on seed ${s.seed}…`;
  const c = s.commands;
  $('command-lines').textContent = [`# the tweak and the baseline, as batch folders`, c.batchTweak, c.batchBaseline, '# their paired comparison', c.compare,
    '# one run of the tweak (RUN: its index)', c.runTweak].join('\n');
  for (const [series, view] of state.views) {
    if (!series.startsWith('fan:')) continue;
    const r = s.realised[series.slice(4)];
    view.data('realised', r ? s.dates.flatMap((d, i) => (r.values[i] === null ? [] : [{ date: d, value: r.values[i] }])) : []);
  }
}

let frame = null;
function schedule(snapshot) {
  state.pending = snapshot;
  if (frame === null) frame = requestAnimationFrame(() => { frame = null; const s = state.pending; state.pending = null; if (s) void render(s); });
}

async function render(s) {
  state.last = s;
  const dates = state.start.dates;
  const tasks = [];
  for (const f of s.fans) {
    const view = state.views.get(`fan:${f.series}`);
    const rows = [];
    for (const which of ['baseline', 'tweak']) {
      const q = f[which];
      if (q) q.forEach((v, t) => rows.push({ date: dates[t], which, p05: v[0], p25: v[1], p50: v[2], p75: v[3], p95: v[4] }));
    }
    tasks.push(view.data('fan', rows).runAsync());
  }
  for (const d of s.differences) {
    const view = state.views.get(`diff:${d.metric}`);
    view.data('bins', d.bins).data('interval', d.lo === null ? [] : [{ lo: d.lo, hi: d.hi }])
      .data('marks', [{ value: 0 }, ...(d.meanDiff === null ? [] : [{ value: d.meanDiff }])]);
    tasks.push(view.runAsync());
  }
  const labels = ['Japanese sales wave', '10y spike', 'BOJ/MoF intervenes', 'net liquidity up', 'BTC up'];
  const funnel = s.funnels.map((f, i) => ({ ...f, label: `${(i % 5) + 1}. ${labels[i % 5]}`, share: f.runs ? f.count / f.runs : 0,
    text: `${pct(f.p)} [${pct(f.lo)}–${pct(f.hi)}]` }));
  tasks.push(state.views.get('funnel').data('funnel', funnel).runAsync());
  renderTable(s);
  await Promise.all(tasks);
  const now = performance.now();
  state.timings.firstChart ??= now - state.timings.clicked;
  if (s.finished) state.timings.done = now - state.timings.clicked;
  const failed = s.failed.tweak + s.failed.baseline;
  $('status').textContent = `${s.finished ? 'Done' : 'Running'}: ${s.done} of ${s.total} pairs${failed ? ` (${failed} failed runs)` : ''}`;
  $('status').dataset.state = s.finished ? 'done' : 'running';
  $('timing').textContent = `first chart ${Math.round(state.timings.firstChart)} ms after Run${state.timings.done ? `, all ${s.total} pairs drawn ${Math.round(state.timings.done)} ms after Run` : ''}`;
}

function renderTable(s) {
  const body = $('diff-table').querySelector('tbody');
  body.replaceChildren();
  const metrics = s.comparison?.metrics ?? {};
  for (const [name, m] of Object.entries(metrics)) {
    const interval = m.lo === null ? '–' : `[${num(m.lo)}, ${num(m.hi)}]${m.excludesZero ? ' *' : ''}`;
    const row = el('tr', { 'data-metric': name, 'data-mean-diff': String(m.meanDiff), 'data-lo': String(m.lo), 'data-hi': String(m.hi), 'data-n': String(m.n) },
      el('td', { text: name }), el('td', { text: m.unit }), el('td', { text: num(m.meanA) }), el('td', { text: num(m.meanB) }),
      el('td', { text: num(m.meanDiff), class: 'diff' }), el('td', { text: interval, class: m.excludesZero ? 'excludes' : '' }),
      el('td', { text: pct(m.pGreater) }), el('td', { text: pct(m.pEqual) }), el('td', { text: pct(m.pLess) }));
    body.append(row);
  }
}

// ---- charts ------------------------------------------------------------------------------------------------------

function chartBox(container, title, key, spec) {
  const holder = el('div');
  container.append(el('div', { class: 'chart', 'data-chart': key }, title ? el('div', { class: 'title', text: title }) : null, holder));
  const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: holder, hover: true });
  state.views.set(key, view);
  void view.runAsync();
  return view;
}

function setupCharts() {
  for (const [series, spec] of Object.entries(charts.fans)) chartBox($('fans'), null, `fan:${series}`, spec);
  for (const [metric, spec] of Object.entries(charts.diffs)) {
    const view = chartBox($('diff-charts'), null, `diff:${metric}`, spec);
    view.addEventListener('click', (_e, item) => { const run = item?.datum?.run; if (Number.isInteger(run) && run >= 0) void showRun(run); });
  }
  chartBox($('funnel'), null, 'funnel', charts.funnel);
}

async function showRun(runIndex) {
  const r = await api('/api/run-paths', { overrides: state.runOverrides, opening: state.runOpening, seed: state.runSeed, run: runIndex });
  const box = $('run-detail');
  if (r.status !== 200) { box.replaceChildren(el('p', { class: 'problem', text: (r.body.problems ?? []).map((p) => `${p.path}: ${p.message}`).join('; ') })); return; }
  $('run-title').textContent = `Run ${runIndex}: tweak and baseline on the same draws`;
  const grid = el('div', { class: 'grid' });
  box.replaceChildren(el('pre', { class: 'run-command', text: r.body.command }), grid);
  for (const [series, spec] of Object.entries(charts.paths)) {
    const rows = [];
    for (const which of ['baseline', 'tweak']) r.body[which].series[series].forEach((v, t) => rows.push({ date: r.body[which].dates[t], which, value: v }));
    const view = chartBox(grid, null, `path:${series}`, spec);
    void view.data('path', rows).runAsync();
  }
  for (const which of ['tweak', 'baseline']) {
    const events = r.body[which].events;
    const list = el('div', { class: 'events' }, el('b', { text: `${which}: ${events.length} events` }));
    for (const e of events.slice(0, 200)) {
      const { tick, date, kind, ...rest } = e;
      list.append(el('div', { text: `${date} ${kind} ${JSON.stringify(rest)}` }));
    }
    box.append(list);
  }
}

// ---- keeping what you find -----------------------------------------------------------------------------------

async function save() {
  const r = await api('/api/save', { overrides: state.overrides, opening: opening(), name: $('save-name').value.trim() });
  if (r.status !== 200) { showProblems(r.body.problems ?? []); return; }
  showProblems([]);
  $('kept').append(el('div', { class: 'saved' }, 'Saved ', el('code', { text: r.body.path }), '; check it with ', el('code', { text: r.body.validate })));
}

async function writeBatch(which) {
  $('status').textContent = `Writing the ${which} batch…`;
  const r = await api('/api/write-batch', { overrides: state.overrides, opening: opening(), runs: $('runs').value.trim(), seed: $('seed').value.trim(), which });
  if (r.status !== 200) { showProblems(r.body.problems ?? []); return; }
  $('status').textContent = `Wrote the ${which} batch.`;
  $('kept').append(el('div', { class: `batch-${which}` }, `${which} batch: `, el('code', { text: r.body.dir }), ' · report ', el('code', { text: r.body.report }),
    ' · one run: ', el('code', { text: r.body.replay })));
}

$('run-form').addEventListener('submit', run);
$('save').addEventListener('click', save);
$('write-tweak').addEventListener('click', () => writeBatch('tweak'));
$('write-baseline').addEventListener('click', () => writeBatch('baseline'));
listen();
await loadForm();
document.body.dataset.ready = 'true';
