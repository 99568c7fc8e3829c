/**
 * Every verb and the module that defines it, in help order. The entry point imports only the
 * module of the verb it runs: `ripcord get` never loads the server, the database drivers or the
 * Kubernetes client, so it starts in a fraction of the time. `--help` and `completion` load all.
 */
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export type VerbFactory = (context: CliContext) => Command;

export interface Verb {
  name: string;
  load(): Promise<VerbFactory>;
}

export const VERBS: Verb[] = [
  { name: 'up', load: async () => (await import('./commands/up.js')).upCommand },
  { name: 'apply', load: async () => (await import('./commands/apply.js')).applyCommand },
  { name: 'lint', load: async () => (await import('./commands/lint.js')).lintCommand },
  { name: 'get', load: async () => (await import('./commands/get.js')).getCommand },
  { name: 'describe', load: async () => (await import('./commands/registry-verbs.js')).describeCommand },
  { name: 'alias', load: async () => (await import('./commands/registry-verbs.js')).aliasCommand },
  { name: 'diff', load: async () => (await import('./commands/registry-verbs.js')).diffCommand },
  { name: 'audit', load: async () => (await import('./commands/registry-verbs.js')).auditCommand },
  { name: 'token', load: async () => (await import('./commands/registry-verbs.js')).tokenCommand },
  { name: 'archive', load: async () => (await import('./commands/registry-verbs.js')).archiveCommand },
  { name: 'baseline', load: async () => (await import('./commands/registry-verbs.js')).baselineCommand },
  { name: 'traffic', load: async () => (await import('./commands/traffic.js')).trafficCommand },
  { name: 'rollout', load: async () => (await import('./commands/rollout.js')).rolloutCommand },
  { name: 'incident', load: async () => (await import('./commands/incident.js')).incidentCommand },
  { name: 'gateway', load: async () => (await import('./commands/gateway.js')).gatewayCommand },
  { name: 'demo', load: async () => (await import('./commands/demo.js')).demoCommand },
  { name: 'alerts', load: async () => (await import('./commands/alerts.js')).alertsCommand },
  { name: 'doctor', load: async () => (await import('./commands/doctor.js')).doctorCommand },
  { name: 'drill', load: async () => (await import('./commands/drill.js')).drillCommand },
  { name: 'runbook', load: async () => (await import('./commands/runbook.js')).runbookCommand },
  { name: 'import', load: async () => (await import('./commands/import.js')).importCommand },
  { name: 'mlflow', load: async () => (await import('./commands/mlflow.js')).mlflowCommand },
  { name: 'retrain', load: async () => (await import('./commands/retrain.js')).retrainCommand },
  { name: 'config', load: async () => (await import('./commands/config.js')).configCommand },
  {
    name: 'completion',
    load: async () => (await import('./completion/completion-command.js')).completionCommand,
  },
];

/** Program options that take a value, so the verb is found past them (`--server URL get ...`). */
const VALUE_OPTIONS = new Set(['--server', '--token', '--data', '--ca']);

/**
 * The verbs to load for these arguments: the one named, or every verb when none is (bare
 * `ripcord`, `--help`, an unknown word that deserves commander's suggestion), or none for a bare
 * `--version`.
 */
export function verbsFor(argv: readonly string[]): Verb[] {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const verb = VERBS.find((v) => v.name === arg);
    // `help VERB` prints that verb's help: commander needs it loaded, and the rest for `help`.
    return verb ? [verb] : VERBS;
  }
  const asksVersion = args.includes('-V') || args.includes('--version');
  const asksHelp = args.includes('-h') || args.includes('--help');
  return asksVersion && !asksHelp ? [] : VERBS;
}
