/**
 * A kind of declarative manifest (`apiVersion: ripcord.dev/v1`). Each kind maps its
 * `metadata` + `spec` onto the input schema of the resource it creates, and back, so a
 * validation error on `serving.backends[0].url` can be reported at the manifest's
 * `spec.serving.backends[0].url`, with its line.
 */
import type { z } from 'zod';

export interface ManifestDocument {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

export interface ManifestKind<Services = unknown> {
  kind: string;
  /** Schema of the resource input the manifest becomes. */
  schema: z.ZodType;
  /** The input field `metadata.name` fills; the spec may not set it too. */
  nameField?: string | undefined;
  /** Spec fields listing `{name, version}` that also take the `name@version` shorthand. */
  featureRefFields?: readonly string[] | undefined;
  toInput(document: ManifestDocument): unknown;
  /** Where a path in the input lives in the manifest. */
  manifestPath(inputPath: readonly PropertyKey[]): PropertyKey[];
  /** Applies validated input; returns what happened to the resource. */
  apply(services: Services, input: unknown, actor: ApplyActor): Promise<ApplyOutcome>;
}

export interface ApplyActor {
  actor: string;
  reason?: string | undefined;
  requestId?: string | undefined;
}

export interface ApplyOutcome {
  kind: string;
  name: string;
  /** created | unchanged | configured (updated) */
  result: 'created' | 'unchanged' | 'configured';
}

export const API_VERSION = 'ripcord.dev/v1';
