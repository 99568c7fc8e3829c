/** `ripcord retrain MODEL`: an emergency retrain from a known-good dataset version, through CI. */
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { triggerGitlabRetrain } from '../../ci/gitlab-trigger.js';

interface RetrainOptions {
  datasetVersion?: string;
  configCommit?: string;
  gitlabUrl?: string;
  project?: string;
  ref: string;
  tokenEnv: string;
}

export function retrainCommand(context: CliContext): Command {
  return new Command('retrain')
    .description(
      'trigger an emergency retrain in CI (GitLab pipeline trigger) from a dataset version and training config commit, for when no model version is a safe target',
    )
    .argument('<model>')
    .requiredOption(
      '--dataset-version <version>',
      'the known-good dataset version to train on (TRAINING_DATASET_VERSION)',
    )
    .option('--config-commit <commit>', 'the training configuration commit (TRAINING_CONFIG_COMMIT)')
    .option('--gitlab-url <url>', 'the GitLab server, e.g. https://gitlab.example.com')
    .option('--project <id>', 'the GitLab project id or path (group/project)')
    .option('--ref <branch>', 'the branch or tag the pipeline runs on', 'main')
    .option(
      '--token-env <variable>',
      'environment variable holding the pipeline trigger token',
      'GITLAB_TRIGGER_TOKEN',
    )
    .addOption(outputOption())
    .action(async (model: string, options: RetrainOptions, command: Command) => {
      for (const [flag, value] of [
        ['--dataset-version', options.datasetVersion],
        ['--config-commit', options.configCommit],
        ['--gitlab-url', options.gitlabUrl],
        ['--project', options.project],
      ] as const)
        if (!value) throw new UsageError(`${flag} is required`);
      if (!/^[0-9a-f]{7,40}$/.test(options.configCommit!))
        throw new UsageError('--config-commit: use a git commit id (7 to 40 lowercase hex characters)');
      const token = process.env[options.tokenEnv];
      if (!token) throw new UsageError(`--token-env: environment variable ${options.tokenEnv} is not set`);
      const pipeline = await triggerGitlabRetrain(
        { gitlabUrl: options.gitlabUrl!, project: options.project!, token },
        {
          model,
          datasetVersion: options.datasetVersion!,
          configCommit: options.configCommit!,
          ref: options.ref,
        },
      );
      const format = context.format(command);
      const result = {
        model,
        datasetVersion: options.datasetVersion,
        configCommit: options.configCommit,
        pipeline,
      };
      if (!isHumanFormat(format)) return context.io.stdout(render(result, format, []));
      context.io.stdout(
        `retrain of ${model} on dataset ${options.datasetVersion} (config ${options.configCommit!.slice(0, 12)}): ` +
          `GitLab pipeline ${pipeline.id}${pipeline.webUrl ? ` ${pipeline.webUrl}` : ''}${pipeline.status ? ` (${pipeline.status})` : ''}\n` +
          'keep serving the fallback meanwhile; the pipeline registers the new model version when it finishes\n',
      );
    });
}
