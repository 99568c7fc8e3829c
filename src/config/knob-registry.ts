/** What the CLI needs to know about a configuration leaf beyond its zod schema. */
import { z } from 'zod';

/** The verbs that run servers and read ripcord.yaml. */
export const CONFIG_VERBS = ['up', 'gateway'] as const;
export type ConfigVerb = (typeof CONFIG_VERBS)[number];

export interface KnobMeta {
  /** Verbs that take this knob. */
  verbs: readonly ConfigVerb[];
  /** Flag name when it is not the key in kebab case (`--port`), per verb when they differ. */
  flag?: string | Partial<Record<ConfigVerb, string>>;
  /** Shown redacted by `ripcord config print` (a database URL may carry a password). */
  secret?: boolean;
}

/** Leaves of the configuration schema, with their CLI metadata. */
export const knobRegistry = z.registry<KnobMeta>();

/** Registers a leaf schema as a knob and returns it, so the schema reads as one declaration. */
export function knob<T extends z.ZodType>(schema: T, meta: KnobMeta): T {
  knobRegistry.add(schema, meta);
  return schema;
}

export const BOTH: readonly ConfigVerb[] = ['up', 'gateway'];
export const UP: readonly ConfigVerb[] = ['up'];
export const GATEWAY: readonly ConfigVerb[] = ['gateway'];
