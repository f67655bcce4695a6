// A CSV file read into columns by a maintained parser (csv-parse), so quoted cells (a sampled choice such as
// "a,b", a label with a comma) read back as written. Structural problems (no header, a row with the wrong number
// of fields) come back as data; a cell that should be a number and is not is reported when the column is read.
import { parse } from 'csv-parse/sync';
import { UserError } from '../../errors.js';

export interface CsvProblem {
  readonly file: string;
  readonly line: number | null; // 1-based; null for the whole file
  readonly message: string;
}

export const formatCsvProblem = (p: CsvProblem): string => `${p.file}${p.line === null ? '' : `, line ${p.line}`}: ${p.message}`;

/** Columns by header name; `numbers` reads '' as NaN and refuses anything else that is not a number. */
export interface CsvTable {
  readonly path: string;
  readonly header: readonly string[];
  readonly rows: number;
  has(name: string): boolean;
  text(name: string): readonly string[];
  numbers(name: string): readonly number[];
  /** Row k's cells as strings, in header order. */
  cells(k: number): readonly string[];
}

export function parseCsvTable(text: string, path: string): { table: CsvTable | null; problems: CsvProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as never;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? null;
    return { table: null, problems: [{ file: path, line, message: (e as Error).message }] };
  }
  if (records.length === 0) return { table: null, problems: [{ file: path, line: null, message: 'the file is empty (expected a header line)' }] };
  const header = records[0].record;
  const body = records.slice(1);
  const problems: CsvProblem[] = [];
  for (const r of body) {
    if (r.record.length !== header.length) {
      problems.push({ file: path, line: r.info.lines, message: `${r.record.length} fields, expected ${header.length}` });
    }
  }
  if (problems.length) return { table: null, problems };
  const cells = body.map((r) => r.record);
  const lines = body.map((r) => r.info.lines);
  const index = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new UserError('batch-folder', `${path}: no column '${name}' (columns: ${header.join(', ')})`);
    return i;
  };
  return {
    problems: [],
    table: {
      path,
      header,
      rows: cells.length,
      has: (name) => header.includes(name),
      cells: (k) => cells[k],
      text: (name) => {
        const i = index(name);
        return cells.map((r) => r[i]);
      },
      numbers: (name) => {
        const i = index(name);
        return cells.map((r, k) => {
          const v = r[i] === '' ? NaN : Number(r[i]);
          if (Number.isNaN(v) && r[i] !== '' && r[i] !== 'NaN') {
            throw new UserError('batch-folder', `${path}, line ${lines[k]}, column '${name}': '${r[i]}' is not a number`);
          }
          return v;
        });
      },
    },
  };
}
