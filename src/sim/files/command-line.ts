// The command line a folder records in its manifest ("command"), quoted for a POSIX shell where needed.
export function commandLine(argv: readonly string[]): string {
  const q = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['fimasim', ...argv.map(q)].join(' ');
}
