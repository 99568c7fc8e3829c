/**
 * `ripcord import -f FILE`: the Argo Rollouts `Rollout` (with the AnalysisTemplates it names, as
 * further YAML documents) or the Flagger `Canary` in a file, as a ripcord Rollout manifest.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ValidationError } from '../core/errors.js';
import { convertArgoRollout, type ArgoAnalysisTemplate, type ArgoRollout } from './argo-rollout.js';
import type { Conversion, ImportOptions } from './conversion.js';
import { convertFlaggerCanary, type FlaggerCanary } from './flagger-canary.js';

interface KubeDocument {
  apiVersion?: string;
  kind?: string;
}

const ARGO = /^argoproj\.io\//;
const FLAGGER = /^flagger\.app\//;

export function importFile(path: string, options: ImportOptions = {}): Conversion {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError('file', `import: cannot read ${path}: ${(error as Error).message}`);
  }
  return importDocuments(text, path, options);
}

export function importDocuments(text: string, source: string, options: ImportOptions = {}): Conversion {
  const documents: KubeDocument[] = [];
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0)
      throw new ValidationError(
        'file',
        `import: ${source}: document ${i + 1} is not YAML: ${doc.errors[0]!.message}`,
      );
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) documents.push(value as KubeDocument);
  }
  const rollouts = documents.filter((d) => d.kind === 'Rollout' && ARGO.test(d.apiVersion ?? ''));
  const canaries = documents.filter((d) => d.kind === 'Canary' && FLAGGER.test(d.apiVersion ?? ''));
  if (rollouts.length + canaries.length !== 1)
    throw new ValidationError(
      'file',
      `import: ${source} holds ${rollouts.length} Argo Rollout(s) (argoproj.io) and ${canaries.length} Flagger Canary(ies) (flagger.app); give exactly one, with the AnalysisTemplates it names`,
    );
  if (canaries[0]) return convertFlaggerCanary(canaries[0] as FlaggerCanary, options);
  const templates = documents.filter(
    (d) =>
      (d.kind === 'AnalysisTemplate' || d.kind === 'ClusterAnalysisTemplate') &&
      ARGO.test(d.apiVersion ?? ''),
  );
  return convertArgoRollout(rollouts[0] as ArgoRollout, templates as ArgoAnalysisTemplate[], options);
}
