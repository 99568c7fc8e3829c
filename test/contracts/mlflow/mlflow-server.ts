/**
 * A contract server for MLflow's REST API 2.0 (Model Registry and Tracking), in memory, for the
 * tests: MLflow itself cannot run here. It follows the published endpoints and their error
 * shapes (`{ error_code, message }` with RESOURCE_DOES_NOT_EXIST → 404, INVALID_PARAMETER_VALUE
 * → 400, an unauthenticated call → 401), serves GET parameters from the query string and POST /
 * DELETE / PATCH ones from a JSON body (or the query string), and records every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  MlflowMetric,
  MlflowModelVersion,
  MlflowRegisteredModel,
  MlflowStage,
} from '../../../src/mlflow/mlflow-types.js';
import { MLFLOW_STAGES } from '../../../src/mlflow/mlflow-types.js';

interface StoredVersion {
  version: string;
  stage: MlflowStage;
  source: string;
  runId: string;
  tags: Map<string, string>;
  createdAt: number;
}

interface StoredModel {
  name: string;
  versions: Map<string, StoredVersion>;
  aliases: Map<string, string>;
}

export interface RecordedCall {
  method: string;
  path: string;
  params: Record<string, unknown>;
}

export interface MlflowContractServer {
  url: string;
  calls: RecordedCall[];
  /** Adds a registered model with versions 1..n (each from its own run), or more versions to it. */
  addModel(
    name: string,
    versions: {
      source?: string;
      stage?: MlflowStage;
      tags?: Record<string, string>;
      metrics?: Record<string, number>;
    }[],
  ): void;
  /** Sets an alias directly (as a person would in the MLflow UI), bypassing the request log. */
  moveAlias(name: string, alias: string, version: string): void;
  transition(name: string, version: string, stage: MlflowStage): void;
  /** Everything a client could change, as comparable JSON. */
  snapshot(): unknown;
  /** The next write answers 403 PERMISSION_DENIED. */
  refuseNextWrite(): void;
  close(): Promise<void>;
}

class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const missing = (message: string) => new ApiFailure(404, 'RESOURCE_DOES_NOT_EXIST', message);
const invalid = (message: string) => new ApiFailure(400, 'INVALID_PARAMETER_VALUE', message);

export async function startMlflowContractServer(
  options: { token?: string } = {},
): Promise<MlflowContractServer> {
  const models = new Map<string, StoredModel>();
  const runs = new Map<string, MlflowMetric[]>();
  const calls: RecordedCall[] = [];
  let refuse = false;
  let clock = Date.UTC(2026, 0, 1);
  let runSeq = 0;

  const model = (name: unknown): StoredModel => {
    const found = models.get(required('name', name));
    if (!found) throw missing(`Registered Model with name=${String(name)} not found`);
    return found;
  };
  const version = (m: StoredModel, v: unknown): StoredVersion => {
    const found = m.versions.get(required('version', v));
    if (!found) throw missing(`Model Version (name=${m.name}, version=${String(v)}) not found`);
    return found;
  };
  const versionJson = (m: StoredModel, v: StoredVersion): MlflowModelVersion => ({
    name: m.name,
    version: v.version,
    creation_timestamp: v.createdAt,
    last_updated_timestamp: v.createdAt,
    current_stage: v.stage,
    description: '',
    source: v.source,
    run_id: v.runId,
    status: 'READY',
    tags: [...v.tags].map(([key, value]) => ({ key, value })),
    aliases: [...m.aliases].filter(([, target]) => target === v.version).map(([alias]) => alias),
  });
  const modelJson = (m: StoredModel): MlflowRegisteredModel => {
    const latest = new Map<string, StoredVersion>();
    for (const v of m.versions.values()) latest.set(v.stage, v);
    return {
      name: m.name,
      creation_timestamp: clock,
      last_updated_timestamp: clock,
      latest_versions: [...latest.values()].map((v) => versionJson(m, v)),
      tags: [],
      aliases: [...m.aliases].map(([alias, v]) => ({ alias, version: v })),
    };
  };

  function handle(method: string, path: string, p: Record<string, unknown>): unknown {
    const write = method !== 'GET';
    if (write && refuse) {
      refuse = false;
      throw new ApiFailure(403, 'PERMISSION_DENIED', 'Permission denied for this model');
    }
    switch (`${method} ${path}`) {
      case 'GET registered-models/get':
        return { registered_model: modelJson(model(p['name'])) };
      case 'GET registered-models/search': {
        const filter =
          typeof p['filter'] === 'string' ? /name\s*=\s*'([^']*)'/.exec(p['filter'])?.[1] : undefined;
        return {
          registered_models: [...models.values()].filter((m) => !filter || m.name === filter).map(modelJson),
        };
      }
      case 'GET model-versions/get': {
        const m = model(p['name']);
        return { model_version: versionJson(m, version(m, p['version'])) };
      }
      case 'GET model-versions/search': {
        const filter = typeof p['filter'] === 'string' ? p['filter'] : '';
        const name = /name\s*=\s*'([^']*)'/.exec(filter)?.[1];
        if (filter && name === undefined) throw invalid(`Invalid filter '${filter}'`);
        const all = [...models.values()]
          .filter((m) => !name || m.name === name)
          .flatMap((m) => [...m.versions.values()].map((v) => versionJson(m, v)));
        // Pages of two, so clients must follow next_page_token.
        const start = Number(p['page_token'] ?? 0);
        const page = all.slice(start, start + 2);
        return {
          model_versions: page,
          ...(start + 2 < all.length ? { next_page_token: String(start + 2) } : {}),
        };
      }
      case 'POST model-versions/set-tag': {
        const m = model(p['name']);
        const v = version(m, p['version']);
        const key = required('key', p['key']);
        if (key.length > 250)
          throw invalid(
            `Tag key '${key.slice(0, 20)}...' had length ${key.length}, which exceeded length limit of 250`,
          );
        const value = typeof p['value'] === 'string' ? p['value'] : required('value', p['value']);
        if (value.length > 5000)
          throw invalid(`Tag value had length ${value.length}, which exceeded length limit of 5000`);
        v.tags.set(key, value);
        return {};
      }
      case 'POST registered-models/alias': {
        const m = model(p['name']);
        const alias = required('alias', p['alias']);
        if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias))
          throw invalid(`'${alias}' alias name (case insensitive) is reserved.`);
        version(m, p['version']);
        m.aliases.set(alias, String(p['version']));
        return {};
      }
      case 'GET registered-models/alias': {
        const m = model(p['name']);
        const alias = required('alias', p['alias']);
        const target = m.aliases.get(alias);
        if (target === undefined) throw missing(`Registered model alias ${alias} not found.`);
        return { model_version: versionJson(m, version(m, target)) };
      }
      case 'DELETE registered-models/alias': {
        const m = model(p['name']);
        m.aliases.delete(required('alias', p['alias']));
        return {};
      }
      case 'POST model-versions/transition-stage': {
        const m = model(p['name']);
        const v = version(m, p['version']);
        const stage = MLFLOW_STAGES.find((s) => s.toLowerCase() === String(p['stage']).toLowerCase());
        if (!stage)
          throw invalid(
            `Invalid Model Version stage: ${String(p['stage'])}. Value must be one of ${MLFLOW_STAGES.join(', ')}.`,
          );
        if (p['archive_existing_versions'] === true && (stage === 'Production' || stage === 'Staging'))
          for (const other of m.versions.values())
            if (other !== v && other.stage === stage) other.stage = 'Archived';
        v.stage = stage;
        return { model_version: versionJson(m, v) };
      }
      case 'GET runs/get': {
        const id = required('run_id', p['run_id']);
        const metrics = runs.get(id);
        if (!metrics) throw missing(`Run '${id}' not found`);
        return {
          run: {
            info: { run_id: id, experiment_id: '1', status: 'FINISHED' },
            data: { metrics, params: [], tags: [] },
          },
        };
      }
      default:
        throw new ApiFailure(404, 'ENDPOINT_NOT_FOUND', `No API route for ${method} /api/2.0/mlflow/${path}`);
    }
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      try {
        if (body) Object.assign(params, JSON.parse(body) as Record<string, unknown>);
      } catch {
        return send(400, { error_code: 'MALFORMED_REQUEST', message: 'Request body is not valid JSON' });
      }
      const path = url.pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
      calls.push({ method, path, params });
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
        return send(401, {
          error_code: 'UNAUTHENTICATED',
          message: 'You are not authenticated. Please see the MLflow authentication docs.',
        });
      try {
        send(200, handle(method, path, params));
      } catch (error) {
        if (error instanceof ApiFailure)
          return send(error.status, { error_code: error.code, message: error.message });
        send(500, { error_code: 'INTERNAL_ERROR', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    addModel(name, versions) {
      const m = models.get(name) ?? { name, versions: new Map(), aliases: new Map() };
      models.set(name, m);
      for (const spec of versions) {
        const v = String(m.versions.size + 1);
        const runId = `run${++runSeq}`;
        runs.set(
          runId,
          Object.entries(spec.metrics ?? {}).map(([key, value]) => ({
            key,
            value,
            timestamp: clock,
            step: 0,
          })),
        );
        m.versions.set(v, {
          version: v,
          stage: spec.stage ?? 'None',
          source: spec.source ?? `s3://mlflow/artifacts/${runId}/artifacts/model`,
          runId,
          tags: new Map(Object.entries(spec.tags ?? {})),
          createdAt: (clock += 60_000),
        });
      }
    },
    moveAlias(name, alias, v) {
      model(name).aliases.set(alias, v);
    },
    transition(name, v, stage) {
      const m = model(name);
      version(m, v).stage = stage;
    },
    snapshot() {
      return [...models.values()].map((m) => ({
        name: m.name,
        aliases: Object.fromEntries(m.aliases),
        versions: [...m.versions.values()].map((v) => ({
          version: v.version,
          stage: v.stage,
          tags: Object.fromEntries(v.tags),
        })),
      }));
    },
    refuseNextWrite() {
      refuse = true;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function required(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '')
    throw invalid(
      `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`,
    );
  return String(value);
}
