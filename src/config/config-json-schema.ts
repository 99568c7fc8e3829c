/** The JSON Schema of ripcord.yaml, generated from ConfigSchema (schemas/ripcord-config.schema.json). */
import { z } from 'zod';
import { withStandardFormats } from '../core/standard-formats.js';
import { ConfigSchema } from './config-schema.js';

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...withStandardFormats(z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' })),
    title: 'ripcord.yaml',
  };
}
