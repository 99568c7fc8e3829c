/**
 * An emergency retrain through GitHub Actions: `POST /repos/{owner}/{repo}/actions/workflows/
 * {workflow_id}/dispatches` with the branch and the workflow's inputs (`model`, `dataset_version`,
 * `config_commit`, `reason`), through GitHub's own client. GitHub now answers the run's id and
 * link when asked (`return_run_details`); a server that answers 204 instead gets its run found
 * in the workflow's runs created since the dispatch. The token goes in the Authorization header
 * only and never appears in a result or an error.
 */
import { Octokit } from '@octokit/core';
import type { RetrainRequest, TriggeredPipeline } from './gitlab-trigger.js';

export interface GithubWorkflow {
  /** @default https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3) */
  apiUrl?: string | undefined;
  /** owner/repo */
  repository: string;
  /** The workflow file name (retrain.yml) or its numeric id. */
  workflow: string;
  token: string;
  signal?: AbortSignal | undefined;
  /** How long to look for the run when GitHub does not return it. @default 10 s */
  findRunFor?: number | undefined;
}

/** The workflow's inputs (a `workflow_dispatch` trigger declares them; GitHub refuses unknown ones). */
export function workflowInputs(retrain: RetrainRequest & { reason?: string | undefined }) {
  return {
    model: retrain.model,
    dataset_version: retrain.datasetVersion,
    config_commit: retrain.configCommit,
    reason: (retrain.reason ?? 'emergency retrain: no safe rollback target').slice(0, 500),
  };
}

export async function dispatchGithubRetrain(
  options: GithubWorkflow,
  retrain: RetrainRequest & { reason?: string | undefined },
): Promise<TriggeredPipeline> {
  const apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const [owner, repo, ...rest] = options.repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new Error(`GitHub repository "${options.repository}": write it as owner/repo`);
  const signal = options.signal ?? AbortSignal.timeout(30_000);
  const octokit = new Octokit({ auth: options.token, baseUrl: apiUrl, request: { signal } });
  const where = `workflow ${options.workflow} in ${options.repository}`;
  const since = new Date(Date.now() - 5_000).toISOString();
  let response;
  try {
    response = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner,
        repo,
        workflow_id: options.workflow,
        ref: retrain.ref,
        inputs: workflowInputs(retrain),
        return_run_details: true,
      },
    );
  } catch (error) {
    throw new Error(`GitHub at ${apiUrl} refused to dispatch ${where}: ${describe(error)}`);
  }
  if (response.status === 200 && response.data.html_url)
    return {
      id: Number(response.data.workflow_run_id),
      webUrl: response.data.html_url,
      status: 'dispatched',
    };
  // 204: an older server; the run appears in the workflow's list shortly after the dispatch.
  const deadline = Date.now() + (options.findRunFor ?? 10_000);
  for (;;) {
    const runs = await octokit
      .request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
        owner,
        repo,
        workflow_id: options.workflow,
        event: 'workflow_dispatch',
        branch: retrain.ref,
        created: `>=${since}`,
        per_page: 10,
      })
      .catch((error: unknown) => {
        throw new Error(
          `GitHub at ${apiUrl}: dispatched ${where} but could not list its runs: ${describe(error)}`,
        );
      });
    const run = runs.data.workflow_runs
      .filter((r) => Date.parse(r.created_at) >= Date.parse(since))
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
    if (run) return { id: Number(run.id), webUrl: run.html_url, status: run.status ?? undefined };
    if (Date.now() >= deadline) return { id: undefined, webUrl: undefined, status: 'dispatched' };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    signal.throwIfAborted();
  }
}

/** GitHub's status and message; never the request (its headers hold the token). */
function describe(error: unknown): string {
  const failure = error as { status?: number; response?: { data?: { message?: unknown } }; name?: string };
  if (typeof failure.status === 'number' && failure.status > 0) {
    const message = failure.response?.data?.message;
    return `HTTP ${failure.status}${typeof message === 'string' ? ` ${message}` : ''}`;
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return cause ?? failure.name ?? 'request failed';
}
