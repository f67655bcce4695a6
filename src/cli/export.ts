// `fimasim export DIR --format parquet`: a finished batch folder's runs, bands and per-run series as Parquet files
// beside its CSVs (docs/files.md, "Parquet").
import type { CommandModule } from 'yargs';
import { exportParquet } from '../sim/batch/export-parquet.js';
import { jsonText } from '../sim/format.js';
import { withJson, withQuiet } from './options.js';

export const exportCommand: CommandModule = {
  command: 'export <dir>',
  describe: "write a batch folder's runs, bands and per-run series as Parquet (runs.parquet, bands.parquet, series.parquet)",
  builder: (y) => withQuiet(withJson(y, 'print { files, rows } as JSON on stdout'))
    .positional('dir', { type: 'string', describe: 'a finished batch folder (fimasim batch, sample, or a sweep point)' })
    .option('format', { type: 'string', choices: ['parquet'], default: 'parquet', describe: 'the columnar format' })
    .example('$0 export runs/thesis --format parquet', "then: duckdb -c \"select * from 'runs/thesis/series.parquet' limit 5\""),
  handler: (argv) => {
    const o = exportParquet(String(argv.dir));
    process.stdout.write(argv.json ? jsonText(o)
      : `${o.files.join('\n')}\n  (${o.rows.runs} runs, ${o.rows.bands} band rows, ${o.rows.series} series rows)\n`);
  },
};
