import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { configJsonSchema } from '../../config/config-json-schema.js';
import { configRows, locateConfigFile, readConfigFile, resolveConfig } from '../../config/index.js';
import type { CliContext } from '../cli-context.js';
import { render } from '../output.js';

/** `ripcord config print|schema`: the effective configuration, and the schema of ripcord.yaml. */
export function configCommand(context: CliContext): Command {
  const print = new Command('print')
    .description(
      'show every knob of up and gateway: its value from ripcord.yaml, RIPCORD_* variables or the default, and which (secrets redacted)',
    )
    .option('--config <file>', 'configuration file (env RIPCORD_CONFIG; default ./ripcord.yaml when present)')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .action((options: { config?: string; output: 'table' | 'json' | 'yaml' }) => {
      const path = locateConfigFile(options.config, process.env);
      const resolved = resolveConfig({ env: process.env, file: path ? readConfigFile(path) : undefined });
      const rows = configRows(resolved);
      if (options.output === 'table' && resolved.file) context.io.stdout(`# ${resolved.file}\n`);
      context.io.stdout(
        render(rows, options.output, [
          { header: 'KEY', value: (r) => r.key },
          { header: 'VALUE', value: (r) => r.value },
          { header: 'SOURCE', value: (r) => r.source },
          { header: 'ENV', value: (r) => r.env },
        ]),
      );
    });
  const schema = new Command('schema')
    .description('print the JSON Schema of ripcord.yaml (also shipped as schemas/ripcord-config.schema.json)')
    .option('--yaml', 'print it as YAML instead of JSON')
    .action((options: { yaml?: boolean }) => {
      const document = configJsonSchema();
      context.io.stdout(options.yaml ? stringify(document) : `${JSON.stringify(document, null, 2)}\n`);
    });
  return new Command('config')
    .description('inspect the configuration of up and gateway (ripcord.yaml, RIPCORD_* variables)')
    .addCommand(print)
    .addCommand(schema);
}
