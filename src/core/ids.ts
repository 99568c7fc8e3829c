import { randomUUID } from 'node:crypto';

/** Short, sortable-enough, unique ids for events and requests: `prefix_<uuid>`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
