/** Finds and reads ripcord.yaml: `--config FILE`, else RIPCORD_CONFIG, else ./ripcord.yaml when present. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closest } from 'fastest-levenshtein';
import { parse } from 'yaml';
import { ConfigError } from './config-error.js';
import { KNOBS } from './knobs.js';

export const DEFAULT_CONFIG_FILE = 'ripcord.yaml';

export interface ConfigFile {
  path: string;
  /** Leaf values by dotted key, as written (validated later with the other sources). */
  values: Map<string, unknown>;
}

export function locateConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag) return flag;
  if (env['RIPCORD_CONFIG']) return env['RIPCORD_CONFIG'];
  return existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined;
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `config file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'give an existing file with --config or RIPCORD_CONFIG',
    );
  }
  return { path: resolve(path), values: parseConfigText(text, path) };
}

export function parseConfigText(text: string, path: string): Map<string, unknown> {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path}: not YAML (${(error as Error).message})`);
  }
  const values = new Map<string, unknown>();
  if (document === null || document === undefined) return values;
  if (!isPlainObject(document))
    throw new ConfigError(`config file ${path}: the top level must be a mapping of keys`);
  flatten(document, [], values, path);
  return values;
}

const LEAVES = new Set(KNOBS.map((k) => k.key));
const SECTIONS = new Set(
  KNOBS.flatMap((k) =>
    k.key
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
);

function flatten(
  object: Record<string, unknown>,
  path: string[],
  into: Map<string, unknown>,
  file: string,
): void {
  for (const [name, value] of Object.entries(object)) {
    const key = [...path, name].join('.');
    if (LEAVES.has(key)) {
      into.set(key, value);
    } else if (SECTIONS.has(key)) {
      if (!isPlainObject(value))
        throw new ConfigError(`config file ${file}: ${key} must be a mapping of keys`);
      flatten(value, [...path, name], into, file);
    } else {
      throw new ConfigError(`config file ${file}: unknown key ${key}; did you mean ${nearestKey(key)}?`);
    }
  }
}

/** The valid key nearest to `key`: among its siblings when its section exists, else among all. */
export function nearestKey(key: string): string {
  const section = key.split('.').slice(0, -1).join('.');
  const siblings = [...LEAVES, ...SECTIONS].filter(
    (candidate) => candidate.split('.').slice(0, -1).join('.') === section,
  );
  const pool = SECTIONS.has(section) || section === '' ? siblings : [...LEAVES];
  return closest(key, pool.length > 0 ? pool : [...LEAVES]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
