import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { alertsCommand } from './commands/alerts.js';
import { demoCommand } from './commands/demo.js';
import { trafficCommand } from './commands/traffic.js';
import { gatewayCommand } from './commands/gateway.js';
import { rolloutCommand } from './commands/rollout.js';
import { incidentCommand } from './commands/incident.js';
import { doctorCommand } from './commands/doctor.js';
import { drillCommand } from './commands/drill.js';
import { runbookCommand } from './commands/runbook.js';
import { importCommand } from './commands/import.js';
import { mlflowCommand } from './commands/mlflow.js';
import { retrainCommand } from './commands/retrain.js';
import { configCommand } from './commands/config.js';

/** Verb groups beyond the registry basics (traffic, demo, and later rollouts and incidents). */
export function extraCommands(context: CliContext): Command[] {
  return [
    trafficCommand(context),
    rolloutCommand(context),
    incidentCommand(context),
    gatewayCommand(context),
    demoCommand(context),
    alertsCommand(context),
    doctorCommand(context),
    drillCommand(context),
    runbookCommand(context),
    importCommand(context),
    mlflowCommand(context),
    retrainCommand(context),
    configCommand(context),
  ];
}
