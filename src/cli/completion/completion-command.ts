/** `ripcord completion bash|zsh|fish`: prints the completion script for the whole command tree. */
import { Argument, Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { OUTPUT_FORMATS } from '../output.js';
import { bashScript } from './bash-script.js';
import { commandTree } from './command-tree.js';
import type { ValueHints } from './command-tree.js';
import { fishScript } from './fish-script.js';
import { zshScript } from './zsh-script.js';

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export function completionCommand(context: CliContext): Command {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish) for every verb and option')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(Object.keys(SHELLS)))
    .addHelpText(
      'after',
      `
Load it in the current shell, or install it once:
  bash:  source <(ripcord completion bash)      ripcord completion bash > /etc/bash_completion.d/ripcord
  zsh:   source <(ripcord completion zsh)       ripcord completion zsh > "\${fpath[1]}/_ripcord"
  fish:  ripcord completion fish | source       ripcord completion fish > ~/.config/fish/completions/ripcord.fish`,
    )
    .action(async (shell: keyof typeof SHELLS) => {
      // The whole tree, every verb loaded: this is the one verb that needs all of them.
      const [{ buildProgram }, { RESOURCE_KINDS }] = await Promise.all([
        import('../main.js'),
        import('../commands/get.js'),
      ]);
      const program = await buildProgram(context.io);
      const formats = OUTPUT_FORMATS.map((f) => (f.startsWith('jsonpath=') ? 'jsonpath=' : f));
      const hints: ValueHints = {
        optionWords: {
          '--output': formats,
          '-o': formats,
          'runbook render --output': ['md', 'html', 'json'],
          'runbook render -o': ['md', 'html', 'json'],
          'incident report --output': ['md', 'html', 'json'],
          'incident report -o': ['md', 'html', 'json'],
        },
        fileOptions: [],
        argumentWords: { get: RESOURCE_KINDS, describe: ['model', 'release'] },
      };
      context.io.stdout(SHELLS[shell](commandTree(program, hints)));
    });
}
