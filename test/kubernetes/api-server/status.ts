/**
 * `Status` objects as the API server returns them for a failed request (apimachinery's
 * metav1.Status): kind Status, apiVersion v1, status Failure, a reason and the HTTP code, with
 * `details` naming the object (and, for 422 Invalid, the causes per field).
 */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface ApiStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind: string; causes?: StatusCause[] };
  code: number;
}

export interface Resource {
  group: string;
  plural: string;
}

const qualified = ({ group, plural }: Resource): string => (group === '' ? plural : `${plural}.${group}`);

function status(code: number, reason: string, message: string, details?: ApiStatus['details']): ApiStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

export const notFound = (r: Resource, name: string): ApiStatus =>
  status(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, group: r.group, kind: r.plural });

export const alreadyExists = (r: Resource, name: string): ApiStatus =>
  status(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, {
    name,
    group: r.group,
    kind: r.plural,
  });

export const conflict = (r: Resource, name: string): ApiStatus =>
  status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: r.group, kind: r.plural },
  );

export const invalid = (r: Resource, kind: string, name: string, causes: StatusCause[]): ApiStatus =>
  status(
    422,
    'Invalid',
    `${kind}.${r.group === '' ? '' : r.group} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name, group: r.group, kind, causes },
  );

export const badRequest = (message: string): ApiStatus => status(400, 'BadRequest', message);

export const unsupportedMediaType = (type: string): ApiStatus =>
  status(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${type}`,
  );

export const methodNotAllowed = (method: string): ApiStatus =>
  status(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );

export const unprocessable = (message: string): ApiStatus => status(422, 'UnprocessableEntity', message);

export const unauthorized = (): ApiStatus => status(401, 'Unauthorized', 'Unauthorized');
