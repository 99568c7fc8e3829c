/** `ripcord mlflow sync MODEL [--check]`: MLflow's aliases / stages follow ripcord's, with a drift report. */
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { outputOption, render, isHumanFormat } from '../output.js';
import { comparePointers, repairPointers, type PointerMapping } from '../../mlflow/alias-drift.js';
import { ConflictError } from '../../core/errors.js';
import {
  addMlflowAccessOptions,
  mlflowClientFor,
  ripcordPointers,
  type MlflowAccessOptions,
} from './mlflow-access.js';

interface SyncOptions extends MlflowAccessOptions {
  registeredModel?: string;
  alias: PointerMapping[];
  stage: PointerMapping[];
  check?: boolean;
}

function collectAlias(value: string, previous: PointerMapping[]): PointerMapping[] {
  const [ripcordAlias, mlflowAlias] = value.split('=');
  if (!ripcordAlias || !mlflowAlias)
    throw new InvalidArgumentError('write RIPCORD_ALIAS=MLFLOW_ALIAS, e.g. production=champion');
  return [...previous, { ripcordAlias, mlflowAlias }];
}

function collectStage(value: string, previous: PointerMapping[]): PointerMapping[] {
  const [ripcordAlias, stage] = value.split('=');
  if (!ripcordAlias || !stage)
    throw new InvalidArgumentError('write RIPCORD_ALIAS=STAGE, e.g. production=Production');
  return [...previous, { ripcordAlias, stage: stage as 'Production' }];
}

export function mlflowCommand(context: CliContext): Command {
  const group = new Command('mlflow').description("keep an MLflow registry in step with ripcord's aliases");
  addMlflowAccessOptions(
    group
      .command('sync')
      .description(
        'make MLflow serve what ripcord serves: each mapped MLflow alias or stage points at the version of the ripcord alias; reports drift (a pointer moved by hand, several versions in one stage)',
      )
      .argument('<model>', 'the ripcord model'),
  )
    .option('--registered-model <name>', 'the registered model in MLflow (default: the ripcord model name)')
    .option(
      '--alias <ripcord=mlflow>',
      'map a ripcord alias to an MLflow alias (repeatable), e.g. production=champion',
      collectAlias,
      [],
    )
    .option(
      '--stage <ripcord=Stage>',
      'map a ripcord alias to an MLflow stage for servers without aliases (repeatable), e.g. production=Production',
      collectStage,
      [],
    )
    .option('--check', 'only report drift and exit 1 when there is some; change nothing')
    .addOption(outputOption())
    .action(async (model: string, options: SyncOptions, command: Command) => {
      const mappings = [...options.alias, ...options.stage];
      for (const m of options.stage)
        if ('stage' in m && m.stage !== 'Production' && m.stage !== 'Staging')
          throw new UsageError(`--stage ${m.ripcordAlias}=${m.stage}: STAGE is Production or Staging`);
      if (mappings.length === 0)
        throw new UsageError(
          'give at least one --alias RIPCORD=MLFLOW or --stage RIPCORD=Stage to keep in step',
        );
      const mlflow = mlflowClientFor(options);
      const registeredModel = options.registeredModel ?? model;
      const reports = await comparePointers(mlflow, ripcordPointers(context.client(command)), {
        model,
        registeredModel,
        mappings,
      });
      const drifted = reports.filter((r) => r.drift);
      if (!options.check) await repairPointers(mlflow, registeredModel, reports);
      const format = context.format(command);
      if (!isHumanFormat(format))
        context.io.stdout(
          render({ model, registeredModel, check: Boolean(options.check), reports }, format, []),
        );
      else {
        const lines = reports.map((r) => {
          const holds =
            r.actual.length === 0
              ? 'unset'
              : `version${r.actual.length > 1 ? 's' : ''} ${r.actual.join(', ')}`;
          if (r.expected === null)
            return `${r.ripcordAlias} → MLflow ${r.mlflow}: ripcord's alias is unset; MLflow holds ${holds} (left alone)`;
          if (!r.drift) return `${r.ripcordAlias} → MLflow ${r.mlflow}: in step (version ${r.expected})`;
          return (
            `${r.ripcordAlias} → MLflow ${r.mlflow}: DRIFT: ripcord serves version ${r.expected}, MLflow holds ${holds}; ` +
            `${options.check ? 'would ' : ''}${r.repairs.join(', ')}`
          );
        });
        context.io.stdout(`${lines.join('\n')}\n`);
      }
      if (options.check && drifted.length > 0)
        throw new ConflictError(
          `MLflow ${registeredModel} has drifted from ripcord on ${drifted.map((r) => r.mlflow).join(', ')}; run without --check to repair`,
        );
    });
  return group;
}
