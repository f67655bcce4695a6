// `fimasim data`: the bundled (or the user's own) data series — list them, show their rows, check a folder.
// `--data DIR` / FIMASIM_DATA choose the folder; every problem of a folder is reported with its file and line.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SERIES_CATALOG, seriesSpec } from '../data/catalog.js';
import {
  DataError, asOf, between, checkDataFolder, daysBetween, formatDataProblem, loadDataset, presentIds, resolveDataDir,
  type DataSeries, type Observation,
} from '../data/dataset.js';
import { isValidIsoDate } from '../sim/calendar.js';
import { jsonText } from '../sim/format.js';
import { OPENING_IDS, startRange } from '../sim/scenario/start-from-data.js';
import { UsageError } from './errors.js';

type DataArgs = { data?: string; quiet?: boolean };

/** Runs `f`; data problems (a user's files or flags) are DataError, a UserError that cli/main.ts reports. */
const userData = <T>(f: () => T): T => f();

const dataDir = (argv: DataArgs): string => userData(() => resolveDataDir(argv.data));

function checkDate(flag: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (!isValidIsoDate(s)) throw new UsageError(`${flag}: expected a YYYY-MM-DD calendar date, found '${s}'`);
  return s;
}

function table(head: readonly string[], rows: readonly string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: readonly string[]) =>
    cells.map((x, k) => (rightAligned.has(k) ? x.padStart(widths[k]) : x.padEnd(widths[k]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

interface ListRow {
  id: string; meaning: string; unit: string; modelUnit: string; frequency: string; dated: string;
  first: string | null; last: string | null; rows: number; source: string; licence: string;
}

function listSeries(argv: ArgumentsCamelCase<DataArgs & { json?: boolean }>): void {
  const dir = dataDir(argv);
  // A user's folder may hold only some series: the missing ones are listed as such, the present ones must be valid.
  const present = new Set(presentIds(dir));
  const ds = userData(() => loadDataset(dir, [...present]));
  const rows: ListRow[] = SERIES_CATALOG.map((spec) => {
    const s = ds.has(spec.id) ? ds.get(spec.id) : null;
    return { id: spec.id, meaning: spec.meaning, unit: spec.unit, modelUnit: spec.modelUnit, frequency: spec.frequency, dated: spec.dated,
      first: s?.first ?? null, last: s?.last ?? null, rows: s?.dates.length ?? 0, source: spec.source, licence: spec.licence };
  });
  if (argv.json) {
    process.stdout.write(jsonText({ dir, series: rows, start: startRange(ds) }));
    return;
  }
  const head = ['id', 'meaning', 'unit', 'frequency', 'first', 'last', 'rows', 'source'];
  const cells = rows.map((r) => [r.id, r.meaning, r.unit, r.frequency, r.first ?? '(missing)', r.last ?? '', String(r.rows), r.source]);
  process.stdout.write(`${table(head, cells, new Set([6]))}\n`);
  if (argv.quiet) return;
  process.stderr.write(`${present.size} of ${SERIES_CATALOG.length} series in ${dir}\n`);
  const range = startRange(ds);
  process.stderr.write(range ? `runs can start from these data (--start) on trading days ${range.first} → ${range.newest}\n`
    : `runs cannot start from these data: --start needs ${OPENING_IDS.join(', ')}\n`);
}

function showSeries(argv: ArgumentsCamelCase<DataArgs & { id?: string; from?: string; to?: string; asOf?: string; json?: boolean }>): void {
  let spec;
  try {
    spec = seriesSpec(String(argv.id));
  } catch (e) {
    if (e instanceof DataError) throw new UsageError(`data show: ${e.problems[0].message}`);
    throw e;
  }
  const from = checkDate('--from', argv.from), to = checkDate('--to', argv.to), at = checkDate('--as-of', argv.asOf);
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (at && (from || to)) throw new UsageError('--as-of: give either --as-of or --from/--to, not both');
  const dir = dataDir(argv);
  const s: DataSeries = userData(() => loadDataset(dir, [spec.id]).get(spec.id));
  const about = { id: spec.id, meaning: spec.meaning, unit: spec.unit, modelUnit: spec.modelUnit, frequency: spec.frequency, dated: spec.dated,
    file: s.file, first: s.first, last: s.last };
  if (at) {
    const o = asOf(s, at);
    const age = o ? daysBetween(o.date, at) : null;
    const asOfRow = { asOf: at, observation: o, ageDays: age, stale: o === null || (age as number) > spec.maxAgeDays, maxAgeDays: spec.maxAgeDays };
    if (argv.json) process.stdout.write(jsonText({ ...about, ...asOfRow }));
    else if (o === null) process.stdout.write(`${spec.id} as of ${at}: no value (the series starts on ${s.first})\n`);
    else {
      process.stdout.write(`${spec.id} as of ${at}: ${o.date}  ${o.value} ${spec.unit}  = ${o.model} ${spec.modelUnit}` +
        `  (${age} days old${asOfRow.stale ? `; stale: more than ${spec.maxAgeDays} days` : ''})\n`);
    }
    return;
  }
  const rows: Observation[] = between(s, from ?? s.first, to ?? s.last);
  if (argv.json) {
    process.stdout.write(jsonText({ ...about, from: from ?? null, to: to ?? null, rows }));
    return;
  }
  if (!argv.quiet) process.stderr.write(`${spec.id}: ${spec.meaning} (${spec.dated}); value in ${spec.unit}, model in ${spec.modelUnit}; ${rows.length} rows from ${s.file}\n`);
  process.stdout.write(`${['date,value,model', ...rows.map((o) => `${o.date},${o.value},${o.model}`)].join('\n')}\n`);
}

function checkFolder(argv: ArgumentsCamelCase<DataArgs & { ids?: string[]; json?: boolean }>): void {
  const dir = dataDir(argv);
  const ids = argv.ids?.length ? argv.ids.map(String) : SERIES_CATALOG.map((s) => s.id);
  const problems = checkDataFolder(dir, ids);
  if (argv.json) process.stdout.write(jsonText({ dir, series: ids.length, valid: problems.length === 0, problems }));
  if (problems.length > 0) {
    const files = new Set(problems.map((p) => p.file)).size;
    throw new UsageError(`data check: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} of ${dir}\n` +
      `${problems.map(formatDataProblem).join('\n')}`);
  }
  if (!argv.json) process.stdout.write(`${ids.length} series, all valid (${dir})\n`);
}

const withJson = <T>(y: Argv<T>) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON on stdout' });

export const dataCommand: CommandModule<object, DataArgs> = {
  command: 'data',
  describe: 'the data series (bundled, or your own folder with --data): list them, show one, check a folder',
  builder: (y) => y
    .option('data', { type: 'string', global: true, describe: 'folder of date,value files (default: $FIMASIM_DATA, else the bundled data/)' })
    .option('quiet', { type: 'boolean', default: false, global: true, describe: 'nothing on stderr but warnings and errors (no progress, no notices)' })
    .command({
      command: ['list', '$0'],
      describe: 'list the series: id, meaning, unit, frequency, first and last date, rows, source',
      builder: withJson,
      handler: listSeries,
    })
    .command({
      command: 'show <id>',
      describe: 'print the rows of one series (value in the file unit and in the model unit)',
      builder: (y2) => withJson(y2)
        .positional('id', { type: 'string', describe: 'series id, e.g. DGS10' })
        .option('from', { type: 'string', describe: 'first date (YYYY-MM-DD, included)' })
        .option('to', { type: 'string', describe: 'last date (YYYY-MM-DD, included)' })
        .option('as-of', { type: 'string', describe: 'only the observation as of this date (the last one on or before it)' }),
      handler: showSeries,
    })
    .command({
      command: 'check [ids..]',
      describe: 'check every catalog file of the folder (or only the series named): exit 2 naming each problem as file:line: message',
      builder: (y2) => withJson(y2).positional('ids', { type: 'string', array: true, describe: 'series ids to check (default: the whole catalog)' }),
      handler: checkFolder,
    })
    .example('$0 data', 'list the bundled series and their ranges')
    .example('$0 data show DGS10 --from 2025-06-16 --to 2025-06-20', 'five days of the 10-year yield')
    .example('$0 data show WALCL --as-of 2025-06-17', 'the value a run starting that day sees')
    .example('$0 data check --data ~/fred', 'validate your own downloads before using them'),
  handler: () => {},
};
