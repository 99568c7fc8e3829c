import type { ManifestKind } from '../manifests/index.js';
import { registryKinds } from '../manifests/index.js';
import { rolloutKind } from '../controller/rollout-kind.js';

/** Kinds the CLI validates locally (with file:line:column) before sending them to the API. */
export const cliManifestKinds: readonly ManifestKind<never>[] = [
  ...(registryKinds as ManifestKind<never>[]),
  rolloutKind() as unknown as ManifestKind<never>,
];
