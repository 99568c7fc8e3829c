/**
 * The configuration's leaves, read off ConfigSchema: each has a file key (`gateway.breaker.cooldownMs`),
 * an environment variable (`RIPCORD_GATEWAY_BREAKER_COOLDOWN_MS`) and a flag
 * (`--gateway-breaker-cooldown-ms`, unless the knob names another) on the verbs that take it.
 */
import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';
import { knobRegistry } from './knob-registry.js';
import type { ConfigVerb, KnobMeta } from './knob-registry.js';

export type KnobKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list';

export interface Knob {
  /** Dotted path in ripcord.yaml. */
  key: string;
  env: string;
  kind: KnobKind;
  description: string;
  /** undefined: not set unless given. */
  default: unknown;
  verbs: readonly ConfigVerb[];
  secret: boolean;
  /** Bounds of a numeric knob (exclusive bounds are given as the nearest whole number). */
  min?: number;
  max?: number;
  /** Enum values, when kind is 'enum'. */
  values?: readonly string[];
  /** The leaf schema, to validate a value from any source. */
  schema: z.ZodType;
  /** The flag on `verb` (boolean knobs that default to true take `--no-…`). */
  flag(verb: ConfigVerb): string;
}

export const KNOBS: readonly Knob[] = collect(ConfigSchema, []);

export function knobsFor(verb: ConfigVerb): Knob[] {
  return KNOBS.filter((k) => k.verbs.includes(verb));
}

/** `gateway.breaker.cooldownMs` → `RIPCORD_GATEWAY_BREAKER_COOLDOWN_MS` */
export function envName(key: string): string {
  return `RIPCORD_${key
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))
    .join('_')
    .toUpperCase()}`;
}

/** `gateway.breaker.cooldownMs` → `--gateway-breaker-cooldown-ms` */
export function flagName(key: string): string {
  return `--${key
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1-$2'))
    .join('-')
    .toLowerCase()}`;
}

/**
 * Reads a flag's or a variable's text as the knob's type: numbers as numbers, `true`/`false`,
 * comma-separated lists. What does not read stays text, so the schema names the problem.
 */
export function fromText(knob: Knob, text: string): unknown {
  switch (knob.kind) {
    case 'number':
    case 'integer':
      return text.trim() === '' ? text : Number(text);
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      return text;
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return text;
  }
}

function collect(schema: z.ZodType, path: string[]): Knob[] {
  const object = unwrapped(schema);
  if (object.def.type === 'object') {
    const shape = (object as z.ZodObject).shape as Record<string, z.ZodType>;
    return Object.entries(shape).flatMap(([name, child]) => collect(child, [...path, name]));
  }
  const meta = knobRegistry.get(schema);
  const key = path.join('.');
  if (!meta) throw new Error(`configuration leaf ${key} is not registered with knob()`);
  return [toKnob(key, schema, meta)];
}

function toKnob(key: string, schema: z.ZodType, meta: KnobMeta): Knob {
  const inner = unwrapped(schema);
  const kind = kindOf(inner);
  const fallback = schema.def.type === 'default' ? (schema as z.ZodDefault).def.defaultValue : undefined;
  return {
    key,
    env: envName(key),
    kind,
    description: schema.description ?? '',
    default: fallback,
    verbs: meta.verbs,
    secret: meta.secret ?? false,
    ...(kind === 'enum' ? { values: (inner as z.ZodEnum).options as string[] } : {}),
    ...bounds(inner),
    schema,
    flag(verb) {
      const named = typeof meta.flag === 'string' ? meta.flag : (meta.flag?.[verb] ?? flagName(key));
      return kind === 'boolean' && fallback === true ? named.replace(/^--/, '--no-') : named;
    },
  };
}

function unwrapped(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (['default', 'prefault', 'optional'].includes(current.def.type)) {
    current = (current.def as unknown as { innerType: z.ZodType }).innerType;
  }
  return current;
}

function bounds(schema: z.ZodType): { min?: number; max?: number } {
  if (schema.def.type !== 'number') return {};
  const bag = z.toJSONSchema(schema) as { minimum?: number; exclusiveMinimum?: number; maximum?: number };
  const isInt = (schema as z.ZodNumber).isInt;
  const safe = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  const out: { min?: number; max?: number } = {};
  // `.positive()` is an exclusive minimum of 0: for whole numbers that is 1.
  if (safe(bag.exclusiveMinimum)) out.min = isInt ? bag.exclusiveMinimum! + 1 : bag.exclusiveMinimum!;
  else if (safe(bag.minimum)) out.min = bag.minimum!;
  if (safe(bag.maximum)) out.max = bag.maximum!;
  return out;
}

function kindOf(schema: z.ZodType): KnobKind {
  switch (schema.def.type) {
    case 'number':
      return (schema as z.ZodNumber).isInt ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'array':
      return 'list';
    default:
      return 'string';
  }
}
