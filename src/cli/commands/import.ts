/**
 * `ripcord import mlflow MODEL`: MLflow's versions of a registered model become ripcord model versions.
 * `ripcord import -f FILE`: an Argo Rollouts Rollout or a Flagger Canary becomes a ripcord Rollout
 * manifest on stdout; what could not be converted is listed on stderr and the exit code is 3
 * (0 when everything converted, 1 when nothing could be).
 */
import { Command } from 'commander';
import { ApiError } from '../api-client.js';
import type { CliContext } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { ExitStatusError } from '../exit-status.js';
import { importFile } from '../../import/import-file.js';
import { stringify } from 'yaml';
import { importMlflowVersions } from '../../mlflow/import-versions.js';
import { SERVING_PROTOCOLS } from '../../registry/schemas.js';
import {
  addMlflowAccessOptions,
  mlflowClientFor,
  ripcordVersions,
  type MlflowAccessOptions,
} from './mlflow-access.js';

interface FileImportOptions {
  file: string;
  model?: string;
  release?: string;
}

interface ImportOptions extends MlflowAccessOptions {
  model?: string;
  owner?: string;
  protocol: string;
  framework?: string;
}

export function importCommand(context: CliContext): Command {
  const group = new Command('import').description(
    'bring versions from another model registry into ripcord (import mlflow), or convert an Argo Rollout or Flagger Canary into a ripcord Rollout (import -f)',
  );
  group
    .command('file', { isDefault: true })
    .description(
      'convert an Argo Rollouts Rollout or a Flagger Canary into a ripcord Rollout manifest (the default: `ripcord import -f FILE`); exits 3 when parts could not be converted (listed on stderr)',
    )
    .requiredOption(
      '-f, --file <path>',
      'an Argo Rollouts Rollout (with its AnalysisTemplates) or a Flagger Canary, as YAML',
    )
    .option(
      '--model <name>',
      'the ripcord model of the converted Rollout (default: the object name, or the Canary target)',
    )
    .option(
      '--release <name>',
      'the candidate release of the converted Rollout (default: from the image tag, else MODEL-canary)',
    )
    .option('-o, --output <format>', 'yaml | json: the converted Rollout manifest', 'yaml')
    .action((options: FileImportOptions, command: Command) => {
      const format = context.format(command);
      const { manifest, notConverted } = importFile(options.file, {
        model: options.model,
        release: options.release,
      });
      context.io.stdout(format === 'json' ? `${JSON.stringify(manifest, null, 2)}\n` : stringify(manifest));
      if (notConverted.length > 0) {
        context.io.stderr(
          `not converted (${notConverted.length}):\n${notConverted.map((n) => `  - ${n}\n`).join('')}`,
        );
        throw new ExitStatusError(
          `${options.file}: converted with ${notConverted.length} part(s) left out (above)`,
          3,
        );
      }
    });
  addMlflowAccessOptions(
    group
      .command('mlflow')
      .description(
        "register an MLflow model's versions as ripcord model versions (artifact URI, digest, the training run's metrics as the offline baseline); again later imports only new ones",
      )
      .argument('<registered-model>', 'the registered model in MLflow'),
  )
    .option('--model <name>', 'the ripcord model to import into (default: the registered model name)')
    .option('--owner <team>', 'create the ripcord model with this owner when it does not exist')
    .option(
      '--protocol <protocol>',
      `serving protocol when creating the model (${SERVING_PROTOCOLS.join(', ')})`,
      'json',
    )
    .option(
      '--framework <name>',
      "framework recorded on each version (default: the version's mlflow.flavor tag, else mlflow)",
    )
    .addOption(outputOption())
    .action(async (registeredModel: string, options: ImportOptions, command: Command) => {
      const mlflow = mlflowClientFor(options);
      const api = context.client(command);
      const model = options.model ?? registeredModel;
      try {
        await api.get(`/models/${encodeURIComponent(model)}`);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        if (!options.owner)
          throw new ApiError(404, {
            detail: `ripcord has no model "${model}": create it first, or pass --owner TEAM (and --protocol) to create it while importing`,
          });
        await api.send('PUT', `/models/${encodeURIComponent(model)}`, {
          owner: options.owner,
          protocol: options.protocol,
          description: `imported from MLflow ${registeredModel}`,
        });
      }
      const result = await importMlflowVersions(mlflow, ripcordVersions(api), {
        registeredModel,
        model,
        framework: options.framework,
      });
      const format = context.format(command);
      if (!isHumanFormat(format)) return context.io.stdout(render(result, format, []));
      const lines = [`MLflow ${registeredModel} → ripcord ${model}`];
      for (const v of result.versions)
        lines.push(
          `  version ${v.mlflowVersion}: ${v.outcome}` +
            (v.outcome === 'imported'
              ? ` (${v.metrics} training metrics, digest ${v.digest === 'derived' ? 'derived: MLflow has none' : 'from MLflow tag'})`
              : '') +
            (v.healthyBaseline ? ' [rollback.healthy_baseline]' : ''),
        );
      for (const release of result.baselines)
        lines.push(`  release ${release}: marked as a healthy baseline`);
      context.io.stdout(`${lines.join('\n')}\n`);
    });
  return group;
}
