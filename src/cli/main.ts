/** CLI entry point (bin/ripcord.js). Returns the exit code: 0 ok, 1 failure, 2 usage error. */
import { Command, CommanderError, Option } from 'commander';
import { RipcordError } from '../core/errors.js';
import { RIPCORD_VERSION } from '../core/version.js';
import { ApiError, ConnectionError, ManifestInvalidError, UsageError } from './cli-errors.js';
import type { CliIo } from './cli-context.js';
import { ExitStatusError } from './exit-status.js';
import { VERBS, verbsFor } from './verbs.js';
import type { Verb } from './verbs.js';

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The whole program, every verb loaded (help, completion, and tests that walk the tree). */
export async function buildProgram(io: CliIo, verbs: readonly Verb[] = VERBS): Promise<Command> {
  const program = new Command('ripcord')
    .description('Release machine-learning models safely and take a bad one back in seconds.')
    .version(RIPCORD_VERSION)
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const option of connectionOptions()) program.addOption(option);
  if (verbs.length > 0) {
    const { createCliContext } = await import('./cli-context.js');
    const context = createCliContext(io);
    const factories = await Promise.all(verbs.map((verb) => verb.load()));
    for (const factory of factories) program.addCommand(factory(context));
  }
  applyRecursively(program, (command) => {
    if (command !== program && command.commands.length === 0 && !OWN_CONNECTION.has(command.name()))
      for (const option of connectionOptions()) command.addOption(option);
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  });
  return program;
}

/** Verbs that run servers and declare the connection options they use themselves, or need none. */
const OWN_CONNECTION = new Set(['up', 'demo', 'gateway', 'completion']);

/**
 * How a client verb reaches the API. Accepted before the verb (`ripcord --server URL get models`)
 * and after it (`ripcord get models --server URL`); options are positional so a verb's own option
 * is never taken by the program.
 */
function connectionOptions(): Option[] {
  return [
    new Option('--server <url>', 'control plane URL (env RIPCORD_SERVER; default from <data>/credentials)'),
    new Option('--token <token>', 'API token (env RIPCORD_TOKEN; default from <data>/credentials)'),
    new Option('--data <dir>', 'data directory holding credentials (default ./.ripcord)'),
    new Option('--ca <file>', 'trust this CA certificate (PEM) for an HTTPS control plane (env RIPCORD_CA)'),
  ];
}

function applyRecursively(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const child of command.commands) applyRecursively(child, visit);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const program = await buildProgram(io, verbsFor(argv));
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ExitStatusError) {
    io.stderr(`${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return 2;
  }
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return 0;
    }
    // Commander already printed the usage problem.
    return 2;
  }
  if (error instanceof ApiError) {
    const field = typeof error.problem['field'] === 'string' ? ` [${error.problem['field']}]` : '';
    io.stderr(`error (${error.status})${field}: ${error.message}\n`);
    return 1;
  }
  if (
    error instanceof ManifestInvalidError ||
    error instanceof ConnectionError ||
    error instanceof RipcordError
  ) {
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EADDRINUSE') {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 1;
  }
  io.stderr(`error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
