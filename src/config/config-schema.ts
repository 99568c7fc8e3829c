/**
 * ripcord.yaml: every control-plane and gateway knob, also reachable as a flag and as an
 * environment variable (see knobs.ts for how names are derived). The JSON Schema shipped in
 * schemas/ripcord-config.schema.json is generated from this one.
 */
import { z } from 'zod';
import { GatewayConfigSchema } from './gateway-config-schema.js';
import { BOTH, knob, UP } from './knob-registry.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'text'] as const;

const port = () => z.number().int().min(0).max(65_535);

export const ConfigSchema = z
  .strictObject({
    host: knob(z.string().min(1).default('127.0.0.1').describe('address the servers listen on'), {
      verbs: BOTH,
    }),
    dataDir: knob(
      z.string().min(1).default('./.ripcord').describe('data directory (SQLite file, credentials)'),
      { verbs: BOTH, flag: '--data' },
    ),
    shutdownTimeoutSeconds: knob(
      z
        .number()
        .min(0)
        .default(10)
        .describe('on SIGTERM/SIGINT, seconds requests in flight may finish before they are cut'),
      { verbs: BOTH, flag: '--shutdown-timeout' },
    ),
    log: z
      .strictObject({
        level: knob(z.enum(LOG_LEVELS).default('info').describe('log level'), { verbs: BOTH }),
        format: knob(
          z
            .enum(LOG_FORMATS)
            .default('auto')
            .describe('json: every line NDJSON; text: one readable line each; auto: text on a terminal'),
          { verbs: BOTH },
        ),
      })
      .prefault({}),
    tls: z
      .strictObject({
        cert: knob(
          z
            .string()
            .min(1)
            .optional()
            .describe('serve HTTPS with this certificate (PEM file; needs tls.key)'),
          {
            verbs: BOTH,
          },
        ),
        key: knob(z.string().min(1).optional().describe('private key of tls.cert (PEM file)'), {
          verbs: BOTH,
        }),
      })
      .prefault({}),
    api: z
      .strictObject({
        port: knob(port().default(7070).describe('API port (0 picks a free one)'), {
          verbs: UP,
          flag: '--port',
        }),
        bodyLimitBytes: knob(
          z
            .number()
            .int()
            .positive()
            .default(1_048_576)
            .describe('largest API request body (e.g. a big manifest)'),
          { verbs: UP, flag: '--body-limit' },
        ),
      })
      .prefault({}),
    database: z
      .strictObject({
        url: knob(
          z
            .string()
            .min(1)
            .optional()
            .describe('postgres://… or a SQLite path (default <dataDir>/ripcord.db)'),
          { verbs: UP, flag: '--database', secret: true },
        ),
      })
      .prefault({}),
    controller: z
      .strictObject({
        trafficRoutes: knob(
          z
            .string()
            .min(1)
            .optional()
            .describe('YAML naming, per model, the mesh route or HAProxy backend the controller also moves'),
          { verbs: UP, flag: '--traffic-routes' },
        ),
        shards: knob(
          z
            .number()
            .int()
            .min(1)
            .max(4096)
            .optional()
            .describe('share the models among every control plane on this PostgreSQL database, in n shards'),
          { verbs: UP, flag: '--controller-shards' },
        ),
        maxLookStride: knob(
          z
            .number()
            .int()
            .min(1)
            .max(600)
            .default(10)
            .describe(
              'while ticks overrun, look at distribution triggers (diversity, PSI, JS, KS) on every n-th tick, n at most this; 1: every tick',
            ),
          { verbs: UP, flag: '--max-look-stride' },
        ),
      })
      .prefault({}),
    gateway: GatewayConfigSchema.prefault({}),
  })
  .describe('ripcord configuration (ripcord.yaml)');

export type RipcordConfig = z.output<typeof ConfigSchema>;
