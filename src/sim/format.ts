// Number formatting for files: the shortest decimal that round-trips (String(x)), so identical doubles give
// identical bytes on every machine and thread. −0 is written as 0.
export const formatNumber = (x: number): string => (Object.is(x, -0) ? '0' : String(x));

export const csvLine = (cells: readonly (string | number)[]): string =>
  cells.map((c) => (typeof c === 'number' ? formatNumber(c) : /[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** JSON with a trailing newline and stable two-space indentation. */
export const jsonText = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
