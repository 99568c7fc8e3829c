import { z } from 'zod';
import type { ManifestKind } from '../../manifests/index.js';
import { validateManifestOrThrow } from '../../manifests/index.js';
import type { ApplyOutcome } from '../../manifests/index.js';
import { defineRoute } from '../define-route.js';
import type { RouteDefinition } from '../define-route.js';

/**
 * Applies manifest documents in order. Every document is validated before any is applied, so a
 * typo in the fifth document does not leave the first four half-applied.
 */
export function applyRoute<S>(services: S, kinds: readonly ManifestKind<S>[]): RouteDefinition {
  return defineRoute({
    method: 'POST',
    url: '/apply',
    role: 'operator',
    tag: 'manifests',
    summary: `Apply declarative manifests (kinds: ${kinds.map((k) => k.kind).join(', ')})`,
    body: z.object({ documents: z.array(z.unknown()).min(1, 'send at least one manifest document') }),
    handler: async ({ body, actor }) => {
      const validated = body.documents.map((doc, index) => validateManifestOrThrow(doc, index, kinds));
      const results: ApplyOutcome[] = [];
      for (const item of validated) results.push(await item.kind.apply(services, item.input, actor));
      return { results };
    },
  });
}
