/**
 * The effective configuration: for each knob, flag > environment variable > file > default.
 * Every value is checked against the knob's schema, and a bad one names where it came from.
 */
import { ConfigError } from './config-error.js';
import type { ConfigFile } from './config-file.js';
import { ConfigSchema } from './config-schema.js';
import type { RipcordConfig } from './config-schema.js';
import type { ConfigVerb } from './knob-registry.js';
import { fromText, KNOBS } from './knobs.js';
import type { Knob } from './knobs.js';

export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

export interface ResolvedConfig {
  config: RipcordConfig;
  /** Where each knob's value came from, by dotted key. */
  sources: Map<string, ConfigSource>;
  file?: string | undefined;
}

export interface ConfigInputs {
  /** Flag values given on the command line, by dotted key. */
  flags?: ReadonlyMap<string, unknown>;
  env?: NodeJS.ProcessEnv;
  file?: ConfigFile | undefined;
  /** Only this verb's knobs come from flags and variables; all when omitted. */
  verb?: ConfigVerb;
}

export function resolveConfig(inputs: ConfigInputs): ResolvedConfig {
  const env = inputs.env ?? {};
  const sources = new Map<string, ConfigSource>();
  const tree: Record<string, unknown> = {};
  for (const knob of KNOBS) {
    const applies = !inputs.verb || knob.verbs.includes(inputs.verb);
    const chosen = pick(knob, applies, inputs.flags, env, inputs.file);
    sources.set(knob.key, chosen?.source ?? 'default');
    if (!chosen) continue;
    const checked = knob.schema.safeParse(chosen.value);
    if (!checked.success) {
      const where = describeSource(knob, chosen.source, inputs.file, inputs.verb);
      const range = numberRange(knob);
      if (range) throw new ConfigError(`${where}: ${range}, not ${JSON.stringify(chosen.value)}`);
      const problem = checked.error.issues[0]?.message ?? 'invalid';
      throw new ConfigError(`${where}: ${problem}${hint(knob)}`);
    }
    setPath(tree, knob.key, checked.data);
  }
  return { config: ConfigSchema.parse(tree), sources, file: inputs.file?.path };
}

function pick(
  knob: Knob,
  applies: boolean,
  flags: ReadonlyMap<string, unknown> | undefined,
  env: NodeJS.ProcessEnv,
  file: ConfigFile | undefined,
): { value: unknown; source: ConfigSource } | undefined {
  if (applies && flags?.has(knob.key)) return { value: flags.get(knob.key), source: 'flag' };
  const text = env[knob.env];
  if (applies && text !== undefined && text !== '') return { value: fromText(knob, text), source: 'env' };
  if (file?.values.has(knob.key)) return { value: file.values.get(knob.key), source: 'file' };
  return undefined;
}

function describeSource(
  knob: Knob,
  source: ConfigSource,
  file: ConfigFile | undefined,
  verb: ConfigVerb | undefined,
): string {
  if (source === 'env') return `environment variable ${knob.env}`;
  if (source === 'file') return `config file ${file?.path ?? ''}: ${knob.key}`;
  return verb ? knob.flag(verb) : `flag for ${knob.key}`;
}

/** `a whole number from 1 to 4096`, `a number from 0 to 1`: what a numeric knob takes. */
function numberRange(knob: Knob): string | undefined {
  if (knob.kind !== 'integer' && knob.kind !== 'number') return undefined;
  const what = knob.kind === 'integer' ? 'a whole number' : 'a number';
  const { min, max } = knob;
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  return what;
}

function hint(knob: Knob): string {
  switch (knob.kind) {
    case 'enum':
      return ` (one of ${knob.values?.join(', ')})`;
    case 'list':
      return ' (a list of names; comma-separated in a flag or variable)';
    case 'boolean':
      return ' (true or false)';
    default:
      return knob.default === undefined ? '' : ` (e.g. ${JSON.stringify(knob.default)})`;
  }
}

function setPath(tree: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = tree;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}
