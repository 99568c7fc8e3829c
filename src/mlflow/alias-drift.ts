/**
 * Keeps MLflow's serving pointers equal to ripcord's: for each ripcord alias a team maps to an
 * MLflow alias (MLflow 2.x) or stage (older servers), the version MLflow serves must be the one
 * ripcord's alias points to. A pointer moved by hand, or a stage holding several versions (the
 * seed's "three versions in Production"), is drift: reported, and repaired unless only checking.
 */
import type { MlflowClient } from './mlflow-client.js';
import { MLFLOW_VERSION_TAG, type MlflowStage } from './mlflow-types.js';

export type PointerMapping =
  | { ripcordAlias: string; mlflowAlias: string }
  | { ripcordAlias: string; stage: Exclude<MlflowStage, 'None' | 'Archived'> };

/** The ripcord side: which MLflow version an alias of the model serves (undefined when unset). */
export interface RipcordPointers {
  mlflowVersionOf(model: string, alias: string): Promise<string | undefined>;
}

export interface PointerReport {
  ripcordAlias: string;
  mlflow: string;
  /** The MLflow version ripcord's alias serves; null when ripcord's alias is unset. */
  expected: string | null;
  /** The MLflow versions the alias or stage holds now. */
  actual: string[];
  drift: boolean;
  /** What sync changes (or would change) to repair the drift. */
  repairs: string[];
}

export async function comparePointers(
  client: MlflowClient,
  ripcord: RipcordPointers,
  options: { model: string; registeredModel: string; mappings: readonly PointerMapping[] },
): Promise<PointerReport[]> {
  const { model, registeredModel } = options;
  const reports: PointerReport[] = [];
  let versions: { version: string; current_stage?: string | undefined }[] | undefined;
  for (const mapping of options.mappings) {
    const expected = (await ripcord.mlflowVersionOf(model, mapping.ripcordAlias)) ?? null;
    if ('mlflowAlias' in mapping) {
      const now = await client.getVersionByAlias(registeredModel, mapping.mlflowAlias);
      const actual = now ? [now.version] : [];
      const drift = expected !== null && now?.version !== expected;
      reports.push({
        ripcordAlias: mapping.ripcordAlias,
        mlflow: `alias ${mapping.mlflowAlias}`,
        expected,
        actual,
        drift,
        repairs: drift ? [`set alias ${mapping.mlflowAlias} to version ${expected}`] : [],
      });
    } else {
      versions ??= await client.searchModelVersions(registeredModel);
      const actual = versions
        .filter((v) => v.current_stage === mapping.stage)
        .map((v) => v.version)
        .sort((a, b) => Number(a) - Number(b));
      const repairs: string[] = [];
      if (expected !== null) {
        if (!actual.includes(expected)) repairs.push(`transition version ${expected} to ${mapping.stage}`);
        for (const extra of actual.filter((v) => v !== expected))
          repairs.push(`transition version ${extra} to Archived`);
      }
      reports.push({
        ripcordAlias: mapping.ripcordAlias,
        mlflow: `stage ${mapping.stage}`,
        expected,
        actual,
        drift: repairs.length > 0,
        repairs,
      });
    }
  }
  return reports;
}

/** Applies the repairs of a report: MLflow ends up serving what ripcord serves. */
export async function repairPointers(
  client: MlflowClient,
  registeredModel: string,
  reports: readonly PointerReport[],
): Promise<void> {
  for (const report of reports) {
    if (!report.drift || report.expected === null) continue;
    const expected = report.expected;
    if (report.mlflow.startsWith('alias ')) {
      await client.setAlias(registeredModel, report.mlflow.slice('alias '.length), expected);
      continue;
    }
    const stage = report.mlflow.slice('stage '.length) as 'Production' | 'Staging';
    if (!report.actual.includes(expected)) await client.transitionStage(registeredModel, expected, stage);
    for (const extra of report.actual.filter((v) => v !== expected))
      await client.transitionStage(registeredModel, extra, 'Archived');
  }
}

/** The MLflow version a ripcord model version came from (its import tag, else its own number). */
export function mlflowVersionOfModelVersion(version: {
  version: number;
  tags: Record<string, string>;
}): string {
  return version.tags[MLFLOW_VERSION_TAG] ?? String(version.version);
}
