// `fimasim schema`: the scenario schema as JSON Schema, for editors and other tools (docs/model.md, "Writing
// scenarios"). The built-in scenarios name the committed copy, schema/scenario.schema.json, in "$schema".
import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../sim/scenario/json-schema.js';
import { jsonText } from '../sim/format.js';
import { withJson, withQuiet } from './options.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'print the scenario JSON Schema (units in the descriptions, ranges as minimum/maximum) for editor completion',
  builder: (y) => withQuiet(withJson(y, 'the schema is JSON either way'))
    .example('$0 schema > scenario.schema.json', 'then add "$schema": "./scenario.schema.json" to your scenario file'),
  handler: () => {
    process.stdout.write(jsonText(scenarioJsonSchema()));
  },
};
