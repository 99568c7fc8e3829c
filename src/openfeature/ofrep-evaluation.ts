/**
 * ripcord's flags as OpenFeature sees them through the Remote Evaluation Protocol (OFREP): each
 * `name@version` flag is a boolean, `on` when enabled. A rollback turns the bad encoder's flag off,
 * and an application evaluating it with the OpenFeature SDK gets `false` on its next evaluation.
 */
import type { Flag } from '../registry/types.js';

export interface OfrepSuccess {
  key: string;
  value: boolean;
  reason: 'STATIC';
  variant: 'on' | 'off';
  metadata: Record<string, string | number | boolean>;
}

export interface OfrepFailure {
  key: string;
  errorCode: 'FLAG_NOT_FOUND';
  errorDetails: string;
}

export function ofrepEvaluation(flag: Flag): OfrepSuccess {
  return {
    key: flag.key,
    value: flag.enabled,
    reason: 'STATIC',
    variant: flag.enabled ? 'on' : 'off',
    metadata: { revision: flag.revision, updatedBy: flag.updatedBy, updatedAt: flag.updatedAt },
  };
}

export function ofrepNotFound(key: string): OfrepFailure {
  return {
    key,
    errorCode: 'FLAG_NOT_FOUND',
    errorDetails: `ripcord has no flag "${key}"; flags are named FEATURE@VERSION, e.g. item-encoder@5`,
  };
}
