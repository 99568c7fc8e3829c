/** The rows `ripcord config print` shows: every knob, its effective value and where it came from. */
import { KNOBS } from './knobs.js';
import type { ConfigSource, ResolvedConfig } from './resolve-config.js';

export interface ConfigRow {
  key: string;
  value: unknown;
  source: ConfigSource;
  env: string;
  verbs: string;
}

export const REDACTED_VALUE = '[redacted]';

export function configRows(resolved: ResolvedConfig): ConfigRow[] {
  return KNOBS.map((knob) => {
    const value = lookup(resolved.config, knob.key);
    return {
      key: knob.key,
      value: knob.secret ? redact(value) : value,
      source: resolved.sources.get(knob.key) ?? 'default',
      env: knob.env,
      verbs: knob.verbs.join(','),
    };
  });
}

/** A secret's credentials hidden: a URL keeps scheme, host and path; anything else is replaced. */
export function redact(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const url = new URL(value);
    if (!url.password && !url.username && !url.search) return value;
    if (url.password) url.password = 'redacted';
    url.search = url.search ? '?redacted' : '';
    return url.toString();
  } catch {
    return REDACTED_VALUE;
  }
}

function lookup(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}
