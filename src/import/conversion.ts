/**
 * What every import produces: a ripcord Rollout manifest, checked against RolloutSpecSchema
 * before anyone sees it, and the list of what could not be converted (each with the field and
 * the reason), so nothing is dropped silently.
 */
import { RolloutSpecSchema } from '../controller/rollout-spec.js';
import { ValidationError } from '../core/errors.js';

export interface ImportOptions {
  /** The ripcord model; default: the imported object's name. */
  model?: string | undefined;
  /** The candidate release; default: derived from the container image, else `<model>-canary`. */
  release?: string | undefined;
}

export interface RolloutManifest {
  apiVersion: 'ripcord.dev/v1';
  kind: 'Rollout';
  metadata: { name: string };
  spec: Record<string, unknown>;
}

export interface Conversion {
  manifest: RolloutManifest;
  /** `field: why`, one per part not converted. */
  notConverted: string[];
}

/** The triggers ripcord recommends (README, "Triggers"), used when no analysis converts. */
export const RECOMMENDED_TRIGGERS = ['hard: error rate up > 50%', 'hard: p95 latency up > 30% for 5m'];

const NAME = /[^a-z0-9._-]+/g;

/** A release name from a container image's tag (`nginx:1.15.4` → `<model>-1.15.4`). */
export function releaseFromImage(model: string, image: string | undefined): string {
  const tag = image?.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : undefined;
  const name = tag ? `${model}-${tag.toLowerCase().replace(NAME, '-')}` : `${model}-canary`;
  return name.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

export function finishConversion(parts: {
  name: string;
  model: string;
  release: string;
  releaseGiven: boolean;
  steps: Record<string, unknown>[];
  triggers: string[];
  consecutiveBreaches?: number | undefined;
  notConverted: string[];
}): Conversion {
  const notConverted = [...parts.notConverted];
  if (!parts.releaseGiven)
    notConverted.push(
      `spec.release: set to "${parts.release}"; name the release under test with --release (ripcord's registry must know it)`,
    );
  let triggers = parts.triggers;
  if (triggers.length === 0) {
    triggers = RECOMMENDED_TRIGGERS;
    notConverted.push(
      `spec.analysis.triggers: no metric converted; ripcord's recommended triggers were written (${RECOMMENDED_TRIGGERS.join('; ')}): review them`,
    );
  }
  const spec: Record<string, unknown> = {
    model: parts.model,
    release: parts.release,
    canary: parts.steps.length > 0 ? { steps: parts.steps } : {},
    analysis: {
      triggers,
      ...(parts.consecutiveBreaches === undefined ? {} : { consecutiveBreaches: parts.consecutiveBreaches }),
    },
  };
  if (parts.steps.length === 0)
    notConverted.push(
      "spec.canary.steps: none converted; ripcord's default ramp (1 → 5 → 25 → 50 → 100 %) applies",
    );
  const checked = RolloutSpecSchema.safeParse({ name: parts.name, ...spec });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = issue.path.join('.');
    throw new ValidationError(
      field,
      `import: the converted Rollout is not valid at ${field}: ${issue.message}`,
    );
  }
  return {
    manifest: { apiVersion: 'ripcord.dev/v1', kind: 'Rollout', metadata: { name: parts.name }, spec },
    notConverted,
  };
}
