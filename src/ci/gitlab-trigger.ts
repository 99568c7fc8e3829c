/**
 * An emergency retrain through GitLab's pipeline trigger API (`POST
 * /api/v4/projects/:id/trigger/pipeline` with a trigger token, a ref and variables), as the seed's
 * `trigger_emergency_retrain` does. GitLab runs a pipeline on a branch or tag, not a commit, so
 * the training config commit travels as a variable beside the dataset version. The token is sent
 * in the form body GitLab expects and never appears in a result or an error.
 */
import { request } from 'undici';

export interface RetrainRequest {
  model: string;
  datasetVersion: string;
  configCommit: string;
  /** The branch or tag the pipeline runs on. */
  ref: string;
}

export interface TriggeredPipeline {
  /** Unknown when GitHub accepted a dispatch whose run did not show up in time. */
  id?: number | undefined;
  webUrl?: string | undefined;
  status?: string | undefined;
}

export function retrainVariables(retrain: RetrainRequest): Record<string, string> {
  return {
    MODEL_NAME: retrain.model,
    TRAINING_DATASET_VERSION: retrain.datasetVersion,
    TRAINING_CONFIG_COMMIT: retrain.configCommit,
    EMERGENCY_RETRAIN: 'true',
  };
}

export async function triggerGitlabRetrain(
  options: { gitlabUrl: string; project: string; token: string; signal?: AbortSignal | undefined },
  retrain: RetrainRequest,
): Promise<TriggeredPipeline> {
  const base = options.gitlabUrl.replace(/\/$/, '');
  const url = `${base}/api/v4/projects/${encodeURIComponent(options.project)}/trigger/pipeline`;
  const form = new URLSearchParams({ token: options.token, ref: retrain.ref });
  for (const [key, value] of Object.entries(retrainVariables(retrain))) form.set(`variables[${key}]`, value);
  let response;
  try {
    response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal: options.signal ?? AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(
      `GitLab at ${base}: trigger for project ${options.project} failed (${(error as { code?: string }).code ?? (error as Error).name})`,
    );
  }
  const text = await response.body.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // GitLab answers JSON; anything else is reported by status below.
  }
  if (response.statusCode !== 201 && response.statusCode !== 200) {
    const message =
      typeof body['message'] === 'string'
        ? body['message']
        : JSON.stringify(body['message'] ?? body['error'] ?? '');
    throw new Error(
      `GitLab at ${base} refused the retrain trigger for project ${options.project}: HTTP ${response.statusCode} ${message}`.trim(),
    );
  }
  return {
    id: Number(body['id']),
    webUrl: typeof body['web_url'] === 'string' ? body['web_url'] : undefined,
    status: typeof body['status'] === 'string' ? body['status'] : undefined,
  };
}
