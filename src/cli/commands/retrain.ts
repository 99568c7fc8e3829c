/** `ripcord retrain MODEL`: an emergency retrain from a known-good dataset version, through CI. */
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { triggerRetrain, type RetrainCi } from '../../ci/retrain-trigger.js';

interface RetrainOptions {
  datasetVersion?: string;
  configCommit?: string;
  gitlabUrl?: string;
  project?: string;
  githubRepo?: string;
  workflow?: string;
  githubApiUrl?: string;
  reason?: string;
  ref: string;
  tokenEnv?: string;
}

/** GitLab (--gitlab-url, --project) or GitHub Actions (--github-repo, --workflow): exactly one. */
function ciOf(options: RetrainOptions): RetrainCi {
  const gitlab = options.gitlabUrl !== undefined || options.project !== undefined;
  const github = options.githubRepo !== undefined || options.workflow !== undefined;
  if (gitlab === github)
    throw new UsageError(
      'name one CI: --gitlab-url and --project (GitLab pipeline trigger), or --github-repo and --workflow (GitHub Actions)',
    );
  const required = gitlab
    ? ([
        ['--gitlab-url', options.gitlabUrl],
        ['--project', options.project],
      ] as const)
    : ([
        ['--github-repo', options.githubRepo],
        ['--workflow', options.workflow],
      ] as const);
  for (const [flag, value] of required) if (!value) throw new UsageError(`${flag} is required`);
  if (gitlab) return { provider: 'gitlab', gitlabUrl: options.gitlabUrl!, project: options.project! };
  if (!/^[^/\s]+\/[^/\s]+$/.test(options.githubRepo!))
    throw new UsageError('--github-repo: write it as owner/repo, e.g. ml/recsys-training');
  return {
    provider: 'github',
    repository: options.githubRepo!,
    workflow: options.workflow!,
    apiUrl: options.githubApiUrl,
  };
}

export function retrainCommand(context: CliContext): Command {
  return new Command('retrain')
    .description(
      'trigger an emergency retrain in CI (GitLab pipeline trigger or GitHub Actions workflow_dispatch) from a dataset version and training config commit, for when no model version is a safe target',
    )
    .argument('<model>')
    .requiredOption(
      '--dataset-version <version>',
      'the known-good dataset version to train on (TRAINING_DATASET_VERSION / input dataset_version)',
    )
    .option(
      '--config-commit <commit>',
      'the training configuration commit (TRAINING_CONFIG_COMMIT / input config_commit)',
    )
    .option('--gitlab-url <url>', 'the GitLab server, e.g. https://gitlab.example.com')
    .option('--project <id>', 'the GitLab project id or path (group/project)')
    .option('--github-repo <owner/repo>', 'the GitHub repository whose workflow retrains the model')
    .option('--workflow <file>', 'the GitHub Actions workflow file name (retrain.yml) or id')
    .option(
      '--github-api-url <url>',
      'the GitHub API (GitHub Enterprise Server: https://HOST/api/v3)',
      'https://api.github.com',
    )
    .option(
      '--reason <text>',
      'why (GitHub workflow input reason)',
      'emergency retrain: no safe rollback target',
    )
    .option('--ref <branch>', 'the branch or tag the pipeline runs on', 'main')
    .option(
      '--token-env <variable>',
      'environment variable holding the token (default: GITLAB_TRIGGER_TOKEN for GitLab, GITHUB_TOKEN for GitHub)',
    )
    .addOption(outputOption())
    .action(async (model: string, options: RetrainOptions, command: Command) => {
      if (!options.configCommit) throw new UsageError('--config-commit is required');
      const ci = ciOf(options);
      if (!/^[0-9a-f]{7,40}$/.test(options.configCommit))
        throw new UsageError('--config-commit: use a git commit id (7 to 40 lowercase hex characters)');
      const tokenEnv =
        options.tokenEnv ?? (ci.provider === 'gitlab' ? 'GITLAB_TRIGGER_TOKEN' : 'GITHUB_TOKEN');
      const token = process.env[tokenEnv];
      if (!token) throw new UsageError(`--token-env: environment variable ${tokenEnv} is not set`);
      const pipeline = await triggerRetrain(ci, token, {
        model,
        datasetVersion: options.datasetVersion!,
        configCommit: options.configCommit,
        ref: options.ref,
        reason: options.reason,
      });
      const format = context.format(command);
      const result = {
        model,
        datasetVersion: options.datasetVersion,
        configCommit: options.configCommit,
        pipeline,
      };
      if (!isHumanFormat(format)) return context.io.stdout(render(result, format, []));
      context.io.stdout(
        `retrain of ${model} on dataset ${options.datasetVersion} (config ${options.configCommit.slice(0, 12)}): ` +
          `${pipeline.label}${pipeline.webUrl ? ` ${pipeline.webUrl}` : ''}${pipeline.status ? ` (${pipeline.status})` : ''}\n` +
          (pipeline.webUrl
            ? ''
            : 'the run did not show in the workflow’s list yet: look in the Actions tab\n') +
          'keep serving the fallback meanwhile; the pipeline registers the new model version when it finishes\n',
      );
    });
}
