/**
 * The digest a ripcord model version needs, from an MLflow version. MLflow records no checksum of
 * its artifacts, so a version tag that carries one (`ripcord.digest`, `digest` or `sha256`, as
 * `sha256:<hex>` or bare hex) is used; otherwise the digest is derived from what identifies the
 * version in MLflow (name, version, source, run), and says so in the `ripcord.digest_source` tag.
 */
import { createHash } from 'node:crypto';
import { tagRecord, type MlflowModelVersion } from './mlflow-types.js';

const DIGEST_TAGS = ['ripcord.digest', 'digest', 'sha256'];

export function mlflowDigest(version: MlflowModelVersion): {
  digest: string;
  source: 'mlflow-tag' | 'derived';
} {
  const tags = tagRecord(version);
  for (const key of DIGEST_TAGS) {
    const hex = /^(?:sha256:)?([a-f0-9]{64})$/i.exec(tags[key] ?? '')?.[1];
    if (hex) return { digest: `sha256:${hex.toLowerCase()}`, source: 'mlflow-tag' };
  }
  const identity = JSON.stringify([
    version.name,
    version.version,
    version.source ?? '',
    version.run_id ?? '',
  ]);
  return { digest: `sha256:${createHash('sha256').update(identity).digest('hex')}`, source: 'derived' };
}
