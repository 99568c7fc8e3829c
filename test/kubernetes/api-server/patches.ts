/**
 * The three patch formats the Kubernetes API accepts, applied as the API server does:
 * JSON Patch (RFC 6902, `application/json-patch+json`), JSON Merge Patch (RFC 7386,
 * `application/merge-patch+json`) and strategic merge patch
 * (`application/strategic-merge-patch+json`, built-in kinds only: a custom resource answers 415).
 * Strategic merge is the merge patch plus the list merge keys of the fields ripcord's objects use
 * (containers, env, ports, volumes merge by `name`); `$patch` directives are refused as unsupported.
 */
export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export class PatchError extends Error {
  constructor(
    message: string,
    /** 400: the patch is malformed; 422: it does not apply to this object. */
    readonly status: 400 | 422,
  ) {
    super(message);
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, Json> = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Lists merged by a key rather than replaced (the `patchMergeKey` of the fields used here). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  conditions: 'type',
};

export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (key === undefined || !Array.isArray(target)) return clone(patch);
    const merged = clone(target) as Json[];
    for (const item of patch) {
      if (!isObject(item) || item[key] === undefined)
        throw new PatchError(`strategic merge patch: items of ${field} need their merge key "${key}"`, 400);
      const at = merged.findIndex((m) => isObject(m) && m[key] === item[key]);
      if (at === -1) merged.push(clone(item));
      else merged[at] = strategicMergePatch(merged[at], item);
    }
    return merged;
  }
  if (!isObject(patch)) return clone(patch);
  if ('$patch' in patch || Object.keys(patch).some((k) => k.startsWith('$setElementOrder')))
    throw new PatchError('strategic merge patch: $patch directives are not supported by this server', 400);
  const result: Record<string, Json> = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = strategicMergePatch(result[key], value, key);
  }
  return result;
}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`json patch: path "${path}" must start with "/"`, 400);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: Json; last: string } {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (next === undefined) throw new PatchError(`json patch: path "${path}" does not exist`, 422);
    node = next;
  }
  return { parent: node, last: tokens[tokens.length - 1] ?? '' };
}

function read(doc: Json, path: string): Json {
  let node = doc;
  for (const token of pointer(path)) {
    node = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
    if (node === undefined) throw new PatchError(`json patch: path "${path}" does not exist`, 422);
  }
  return node;
}

function write(doc: Json, path: string, value: Json, mode: 'add' | 'replace'): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return clone(value);
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new PatchError(`json patch: index "${last}" out of range at "${path}"`, 422);
    if (mode === 'add') parent.splice(index, 0, clone(value));
    else if (index < parent.length) parent[index] = clone(value);
    else throw new PatchError(`json patch: replace of missing path "${path}"`, 422);
  } else if (isObject(parent)) {
    if (mode === 'replace' && !(last in parent))
      throw new PatchError(`json patch: replace of missing path "${path}"`, 422);
    parent[last] = clone(value);
  } else throw new PatchError(`json patch: path "${path}" does not exist`, 422);
  return doc;
}

function remove(doc: Json, path: string): Json {
  const tokens = pointer(path);
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent) && Number(last) < parent.length) parent.splice(Number(last), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw new PatchError(`json patch: remove of missing path "${path}"`, 422);
  return doc;
}

/** RFC 6902; a failed `test` is 422, as the API server answers (the whole patch is then not applied). */
export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations))
    throw new PatchError('json patch: the body must be an array of operations', 400);
  let doc = clone(target);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw new PatchError('json patch: every operation needs "op" and "path"', 400);
    switch (raw.op) {
      case 'add':
      case 'replace':
        doc = write(doc, raw.path, raw.value, raw.op);
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'move':
      case 'copy': {
        const value = read(doc, raw.from ?? '');
        if (raw.op === 'move') doc = remove(doc, raw.from ?? '');
        doc = write(doc, raw.path, value, 'add');
        break;
      }
      case 'test':
        if (JSON.stringify(read(doc, raw.path)) !== JSON.stringify(raw.value))
          throw new PatchError(`json patch: test failed at "${raw.path}"`, 422);
        break;
      default:
        throw new PatchError(`json patch: unknown op "${String((raw as { op: unknown }).op)}"`, 400);
    }
  }
  return doc;
}
