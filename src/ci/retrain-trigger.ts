/**
 * Where an emergency retrain runs: a GitLab pipeline trigger or a GitHub Actions workflow. One
 * call for the CLI and the rollback step, so both send the same request and read the same link.
 */
import { dispatchGithubRetrain } from './github-dispatch.js';
import { triggerGitlabRetrain, type RetrainRequest, type TriggeredPipeline } from './gitlab-trigger.js';

export type RetrainCi =
  | { provider: 'gitlab'; gitlabUrl: string; project: string }
  | { provider: 'github'; apiUrl?: string | undefined; repository: string; workflow: string };

export interface RetrainRun extends TriggeredPipeline {
  provider: RetrainCi['provider'];
  /** For a person: `GitLab pipeline 1001`, `GitHub Actions run 77 of retrain.yml`. */
  label: string;
}

export async function triggerRetrain(
  ci: RetrainCi,
  token: string,
  retrain: RetrainRequest & { reason?: string | undefined },
  options: { signal?: AbortSignal | undefined; findRunFor?: number | undefined } = {},
): Promise<RetrainRun> {
  if (ci.provider === 'gitlab') {
    const run = await triggerGitlabRetrain({ ...ci, token, signal: options.signal }, retrain);
    return { ...run, provider: 'gitlab', label: `GitLab pipeline ${run.id ?? '?'}` };
  }
  const run = await dispatchGithubRetrain({ ...ci, token, ...options }, retrain);
  return {
    ...run,
    provider: 'github',
    label: `GitHub Actions ${run.id === undefined ? 'dispatch' : `run ${run.id}`} of ${ci.workflow} in ${ci.repository}`,
  };
}
