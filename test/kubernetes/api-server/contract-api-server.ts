/**
 * A Kubernetes API server for tests that follows the published API where ripcord touches it:
 * paths (`/api/v1/...` for the core group, `/apis/GROUP/VERSION/namespaces/NS/PLURAL[/NAME]`),
 * verbs (get, list with label and field selectors, watch, create, replace, patch, delete),
 * the three patch content types (strategic merge refused with 415 on custom resources),
 * `resourceVersion` optimistic concurrency (a stale one is 409 Conflict), `metadata.generation`
 * bumped on spec changes, Status bodies for 400/404/409/415/422, bearer-token authentication,
 * and watch streams of newline-delimited events from a given resourceVersion.
 *
 * Every object written is validated against the published schema of its kind (schemas.ts): an
 * invalid one is refused with 422 Invalid and its causes, as the API server's validation would,
 * and the refusal is recorded in `rejected` so a test can assert ripcord sent nothing invalid.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sameJson } from './canonical.js';
import { jsonPatch, mergePatch, PATCH_TYPES, PatchError, strategicMergePatch } from './patches.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  methodNotAllowed,
  notFound,
  unauthorized,
  unsupportedMediaType,
  type ApiStatus,
  type StatusCause,
} from './status.js';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { uid: string; kind: string; name: string; controller?: boolean }[];
    creationTimestamp?: string;
  };
  spec?: unknown;
  status?: unknown;
} & Record<string, unknown>;

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  /** A CustomResourceDefinition's kind: no strategic merge patch. */
  custom: boolean;
  /** The published schema's complaints about `object` (empty when valid). */
  validate(object: KubeObject): StatusCause[];
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

/** Runs after each accepted write, as a controller watching the kind would (e.g. the Deployment controller). */
export type Reaction = (event: WatchEvent & { resource: ResourceType }, server: ContractApiServer) => void;

export interface RequestRecord {
  method: string;
  path: string;
  contentType?: string | undefined;
  body?: unknown;
}

export interface ContractApiServerOptions {
  types: readonly ResourceType[];
  /** Requests without `Authorization: Bearer <token>` get 401. */
  token?: string;
  reactions?: readonly Reaction[];
}

/** The server's certificate (self-signed, for 127.0.0.1): a kubeconfig trusts it as the cluster CA. */
export const TLS = {
  cert: fileURLToPath(new URL('./tls/server.crt', import.meta.url)),
  key: fileURLToPath(new URL('./tls/server.key', import.meta.url)),
};

const key = (t: ResourceType, namespace: string, name: string): string =>
  `${t.group}/${t.plural}/${namespace}/${name}`;
const basePath = (t: ResourceType): string =>
  t.group === '' ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;

function matchesLabels(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  const labels = object.metadata.labels ?? {};
  return selector.split(',').every((term) => {
    const [name, value] = term.split('=');
    return name !== undefined && labels[name] === value;
  });
}

function matchesFields(object: KubeObject, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [field, value] = term.split('=');
    if (field === 'metadata.name') return object.metadata.name === value;
    if (field === 'metadata.namespace') return object.metadata.namespace === value;
    return false;
  });
}

export class ContractApiServer {
  readonly requests: RequestRecord[] = [];
  /** Writes refused by schema validation (422): ripcord should never cause one. */
  readonly rejected: { object: unknown; causes: StatusCause[] }[] = [];
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: (WatchEvent & { type_: ResourceType; rv: number })[] = [];
  private readonly watchers = new Set<{
    t: ResourceType;
    namespace: string;
    fields: string | null;
    labels: string | null;
    res: ServerResponse;
  }>();
  private version = 1;
  private server: Server | undefined;
  /** Makes the next N writes of any object answer 409 Conflict (another writer won the race). */
  conflictsToInject = 0;

  constructor(private readonly options: ContractApiServerOptions) {}

  /** Serves HTTPS with the test certificate (tls/): the official client sends a token over TLS only. */
  async start(): Promise<string> {
    this.server = createServer(
      { cert: readFileSync(TLS.cert), key: readFileSync(TLS.key) },
      (req, res) => void this.handle(req, res),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  type(kind: string): ResourceType {
    const t = this.options.types.find((x) => x.kind === kind);
    if (!t) throw new Error(`contract server: no resource type ${kind}`);
    return t;
  }

  /** Reads an object as stored (a copy), or undefined. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(key(this.type(kind), namespace, name));
    return found && structuredClone(found);
  }

  list(kind: string, namespace: string): KubeObject[] {
    const t = this.type(kind);
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(`${t.group}/${t.plural}/${namespace}/`))
      .map(([, o]) => structuredClone(o));
  }

  /** Writes as a controller or a test's setup would (validated like any write); returns what is stored. */
  put(object: KubeObject, namespace = object.metadata.namespace ?? 'default'): KubeObject {
    const t = this.options.types.find((x) => x.kind === object.kind);
    if (!t) throw new Error(`contract server: no resource type ${object.kind}`);
    const current = this.objects.get(key(t, namespace, object.metadata.name));
    const stored = this.store(t, namespace, structuredClone(object), current);
    if (stored.kind === 'Status')
      throw new Error(`contract server refused the fixture: ${(stored as ApiStatus).message}`);
    return structuredClone(stored as KubeObject);
  }

  /** Every object's state, for comparing before and after an operation. */
  snapshot(): Record<string, KubeObject> {
    return Object.fromEntries([...this.objects.entries()].map(([k, o]) => [k, structuredClone(o)]));
  }

  private store(
    t: ResourceType,
    namespace: string,
    next: KubeObject,
    current: KubeObject | undefined,
  ): KubeObject | ApiStatus {
    const name = next.metadata.name;
    next.apiVersion = `${t.group === '' ? '' : `${t.group}/`}${t.version}`;
    next.kind = t.kind;
    const causes = t.validate(next);
    if (causes.length > 0) {
      this.rejected.push({ object: next, causes });
      return invalid(t, t.kind, name, causes);
    }
    const specChanged = !current || !sameJson(current.spec, next.spec);
    this.version += 1;
    next.metadata = {
      ...next.metadata,
      namespace,
      uid: current?.metadata.uid ?? randomUUID(),
      creationTimestamp: current?.metadata.creationTimestamp ?? new Date().toISOString(),
      resourceVersion: String(this.version),
      generation: (current?.metadata.generation ?? 0) + (specChanged ? 1 : 0),
    };
    this.objects.set(key(t, namespace, name), next);
    this.emit(t, { type: current ? 'MODIFIED' : 'ADDED', object: next });
    return next;
  }

  private emit(t: ResourceType, event: WatchEvent): void {
    const rv = Number(event.object.metadata.resourceVersion);
    this.history.push({ ...event, type_: t, rv, object: structuredClone(event.object) });
    const line = `${JSON.stringify({ type: event.type, object: event.object })}\n`;
    for (const w of this.watchers)
      if (
        w.t === t &&
        w.namespace === event.object.metadata.namespace &&
        matchesFields(event.object, w.fields) &&
        matchesLabels(event.object, w.labels)
      )
        w.res.write(line);
    // Reactions run after the caller has its answer, as a controller's would.
    setImmediate(() => {
      for (const react of this.options.reactions ?? []) react({ ...event, resource: t }, this);
    });
  }

  private route(
    path: string,
  ): { t: ResourceType; namespace: string; name?: string | undefined; sub?: string | undefined } | undefined {
    for (const t of this.options.types) {
      const prefix = `${basePath(t)}/namespaces/`;
      if (!path.startsWith(prefix)) continue;
      const [namespace, plural, name, sub, ...rest] = path.slice(prefix.length).split('/');
      if (plural !== t.plural || !namespace || rest.length > 0) continue;
      return { t, namespace, name: name || undefined, sub };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://contract');
    const raw = await new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => resolve(body));
    });
    const contentType = req.headers['content-type']?.split(';')[0]?.trim();
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return this.reply(res, badRequest('the request body is not valid JSON'));
    }
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, contentType, body });
    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`)
      return this.reply(res, unauthorized());
    const target = this.route(url.pathname);
    if (!target)
      return this.reply(res, {
        ...notFound({ group: '', plural: 'path' }, url.pathname),
        details: undefined,
      });
    const { t, namespace, name, sub } = target;
    const method = req.method ?? 'GET';
    if (name === undefined) {
      if (
        method === 'GET' &&
        (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1')
      )
        return this.watch(t, namespace, url, res);
      if (method === 'GET') return this.reply(res, this.listBody(t, namespace, url));
      if (method === 'POST') return this.create(t, namespace, body as KubeObject, res);
      return this.reply(res, methodNotAllowed(method));
    }
    if (sub !== undefined && sub !== 'status') return this.reply(res, notFound(t, `${name}/${sub}`));
    const current = this.objects.get(key(t, namespace, name));
    if (method === 'GET') return this.reply(res, current ?? notFound(t, name));
    if (!current) return this.reply(res, notFound(t, name));
    if (method === 'DELETE') {
      this.objects.delete(key(t, namespace, name));
      this.version += 1;
      const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(this.version) } };
      this.emit(t, { type: 'DELETED', object: gone });
      return this.reply(res, gone);
    }
    let next: KubeObject;
    if (method === 'PUT') next = body as KubeObject;
    else if (method === 'PATCH') {
      try {
        next = this.patch(t, current, contentType, body) as KubeObject;
      } catch (error) {
        if (error instanceof PatchError)
          return this.reply(
            res,
            error.status === 400
              ? badRequest(error.message)
              : { ...badRequest(error.message), code: 422, reason: 'Invalid' },
          );
        if (error instanceof MediaError) return this.reply(res, unsupportedMediaType(error.message));
        throw error;
      }
    } else return this.reply(res, methodNotAllowed(method));
    if (typeof next !== 'object' || next === null || typeof next.metadata !== 'object')
      return this.reply(res, badRequest('the object has no metadata'));
    if (next.metadata.name !== name)
      return this.reply(
        res,
        badRequest(
          `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
        ),
      );
    const sentVersion = next.metadata.resourceVersion;
    if (
      (sentVersion !== undefined && sentVersion !== '' && sentVersion !== current.metadata.resourceVersion) ||
      this.takeConflict()
    )
      return this.reply(res, conflict(t, name));
    // The status subresource writes status only; the main resource ignores status (both as the API server does).
    const merged: KubeObject =
      sub === 'status'
        ? { ...current, status: next.status }
        : { ...next, ...(current.status !== undefined ? { status: current.status } : {}) };
    if (sub !== 'status' && next.status === undefined && current.status === undefined) delete merged.status;
    return this.reply(res, this.store(t, namespace, merged, current));
  }

  private takeConflict(): boolean {
    if (this.conflictsToInject <= 0) return false;
    this.conflictsToInject -= 1;
    return true;
  }

  private patch(
    t: ResourceType,
    current: KubeObject,
    contentType: string | undefined,
    body: unknown,
  ): unknown {
    const copy = structuredClone(current);
    switch (contentType) {
      case PATCH_TYPES.json:
        return jsonPatch(copy, body);
      case PATCH_TYPES.merge:
        return mergePatch(copy, body);
      case PATCH_TYPES.strategic:
        if (t.custom)
          throw new MediaError(`${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, application/apply-patch+yaml`);
        return strategicMergePatch(copy, body);
      default:
        throw new MediaError(
          `${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.strategic}, application/apply-patch+yaml`,
        );
    }
  }

  private create(t: ResourceType, namespace: string, object: KubeObject, res: ServerResponse): void {
    if (!object?.metadata?.name) return this.reply(res, badRequest('metadata.name is required'));
    if (this.objects.has(key(t, namespace, object.metadata.name)))
      return this.reply(res, alreadyExists(t, object.metadata.name));
    const stored = this.store(
      t,
      namespace,
      { ...object, metadata: { ...object.metadata, resourceVersion: undefined } },
      undefined,
    );
    this.reply(res, stored, stored.kind === 'Status' ? (stored as ApiStatus).code : 201);
  }

  private listBody(t: ResourceType, namespace: string, url: URL): unknown {
    const items = this.list(t.kind, namespace).filter(
      (o) =>
        matchesLabels(o, url.searchParams.get('labelSelector')) &&
        matchesFields(o, url.searchParams.get('fieldSelector')),
    );
    return {
      apiVersion: basePath(t).replace(/^\/apis?\//, ''),
      kind: `${t.kind}List`,
      metadata: { resourceVersion: String(this.version) },
      items,
    };
  }

  private watch(t: ResourceType, namespace: string, url: URL, res: ServerResponse): void {
    const fields = url.searchParams.get('fieldSelector');
    const labels = url.searchParams.get('labelSelector');
    const from = url.searchParams.get('resourceVersion');
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const replay =
      from === null || from === '' || from === '0'
        ? this.list(t.kind, namespace).map((object): WatchEvent => ({ type: 'ADDED', object }))
        : this.history.filter(
            (e) => e.type_ === t && e.rv > Number(from) && e.object.metadata.namespace === namespace,
          );
    for (const e of replay)
      if (matchesFields(e.object, fields) && matchesLabels(e.object, labels))
        res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
    const watcher = { t, namespace, fields, labels, res };
    this.watchers.add(watcher);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      if (timer) clearTimeout(timer);
      this.watchers.delete(watcher);
    });
  }

  private reply(res: ServerResponse, body: unknown, code?: number): void {
    const status = code ?? ((body as Partial<ApiStatus>).kind === 'Status' ? (body as ApiStatus).code : 200);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

class MediaError extends Error {}
