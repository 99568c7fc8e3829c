/** The knobs as commander flags on `up` and `gateway`, and the effective config of one invocation. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { locateConfigFile, readConfigFile } from './config-file.js';
import type { ConfigVerb } from './knob-registry.js';
import { fromText, knobsFor } from './knobs.js';
import type { Knob } from './knobs.js';
import { resolveConfig } from './resolve-config.js';
import type { ResolvedConfig } from './resolve-config.js';

export const CONFIG_FLAG = '--config <file>';

/** Adds `--config` and one flag per knob of `verb`; none has a commander default (see resolveConfig). */
export function withConfigFlags(command: Command, verb: ConfigVerb): Command {
  command.addOption(
    new Option(CONFIG_FLAG, 'configuration file (env RIPCORD_CONFIG; default ./ripcord.yaml when present)'),
  );
  for (const knob of knobsFor(verb)) command.addOption(knobOption(knob, verb));
  return command;
}

function knobOption(knob: Knob, verb: ConfigVerb): Option {
  const flag = knob.flag(verb);
  const fallback = knob.default === undefined ? '' : `; default ${formatDefault(knob.default)}`;
  const help = `${knob.description} (env ${knob.env}${fallback})`;
  if (knob.kind === 'boolean') return new Option(flag, help);
  const option = new Option(`${flag} <${placeholder(knob)}>`, help).argParser((text: string) =>
    fromText(knob, text),
  );
  return knob.values ? option.choices(knob.values) : option;
}

function placeholder(knob: Knob): string {
  if (knob.kind === 'list') return 'names';
  if (knob.kind === 'integer' || knob.kind === 'number') return 'n';
  if (knob.kind === 'enum') return 'value';
  const last = knob.key.split('.').at(-1) ?? '';
  if (/Dir$/.test(last)) return 'dir';
  if (/^(url|controlPlane)$/.test(last)) return 'url';
  if (/^(cert|key|ca|trafficRoutes|statePath)$/.test(last)) return 'file';
  return last === 'host' ? 'host' : 'text';
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? (value.length === 0 ? 'none' : value.join(',')) : String(value);
}

/**
 * The effective config of a parsed verb: its flags (given after the verb or before it, as with
 * `ripcord --data DIR up`), the environment and the config file.
 */
export function configFromCommand(
  command: Command,
  verb: ConfigVerb,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedConfig {
  const flags = new Map<string, unknown>();
  let configFlag: string | undefined;
  const byFlag = new Map(knobsFor(verb).map((knob) => [knob.flag(verb), knob]));
  for (let current: Command | null = command; current; current = current.parent) {
    for (const option of current.options) {
      const attribute = option.attributeName();
      if (current.getOptionValueSource(attribute) !== 'cli') continue;
      const value: unknown = current.getOptionValue(attribute);
      if (option.long === '--config') configFlag ??= value as string;
      const knob = option.long ? byFlag.get(option.long) : undefined;
      if (knob && !flags.has(knob.key)) flags.set(knob.key, value);
    }
  }
  const path = locateConfigFile(configFlag, env);
  return resolveConfig({ flags, env, verb, file: path ? readConfigFile(path) : undefined });
}
