import { z } from 'zod';
import { applyManifests } from '../../manifests/index.js';
import type { Atomically, ManifestKind } from '../../manifests/index.js';
import { defineRoute } from '../define-route.js';
import type { RouteDefinition } from '../define-route.js';

/**
 * Applies manifest documents all-or-nothing: every document is validated before any is applied,
 * and all are applied in one transaction, so neither a failing document nor a crash part-way
 * leaves the earlier ones behind. A failure names the document, its kind/name and the field, and
 * says what the documents before it would have done.
 */
export function applyRoute<S>(
  services: S,
  kinds: readonly ManifestKind<S>[],
  atomically: Atomically,
): RouteDefinition {
  return defineRoute({
    method: 'POST',
    url: '/apply',
    role: 'operator',
    tag: 'manifests',
    summary: `Apply declarative manifests, all or nothing (kinds: ${kinds.map((k) => k.kind).join(', ')})`,
    body: z
      .object({ documents: z.array(z.unknown()).min(1, 'send at least one manifest document') })
      .strict(),
    handler: async ({ body, actor }) => ({
      results: await applyManifests({ services, kinds, documents: body.documents, actor, atomically }),
    }),
  });
}
