/**
 * The shapes of MLflow's REST API 2.0 (Model Registry and Tracking) that ripcord reads and
 * writes, as the server sends them: versions are strings, tags are key/value lists.
 */

export interface MlflowTag {
  key: string;
  value: string;
}

export interface MlflowAlias {
  alias: string;
  version: string;
}

export interface MlflowModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: MlflowTag[];
  aliases?: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  latest_versions?: MlflowModelVersion[];
  tags?: MlflowTag[];
  aliases?: MlflowAlias[];
}

export interface MlflowMetric {
  key: string;
  value: number;
  timestamp?: number;
  step?: number;
}

export interface MlflowRun {
  info: { run_id: string; experiment_id?: string; status?: string };
  data: { metrics?: MlflowMetric[]; params?: MlflowTag[]; tags?: MlflowTag[] };
}

/** The model registry's stages (deprecated since MLflow 2.9 in favour of aliases, still served). */
export const MLFLOW_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type MlflowStage = (typeof MLFLOW_STAGES)[number];

/** A version's tags as a record (MLflow sends them as a list). */
export function tagRecord(version: { tags?: MlflowTag[] | undefined }): Record<string, string> {
  return Object.fromEntries((version.tags ?? []).map((t) => [t.key, t.value]));
}

/** The tag on a ripcord model version naming the MLflow version it was imported from. */
export const MLFLOW_VERSION_TAG = 'mlflow.version';
