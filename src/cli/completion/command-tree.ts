/**
 * The command tree as completion scripts need it: for each command path, its sub-verbs, its
 * options (which take a value, and what that value may be), and the words its first argument
 * may be. Read from the commander program itself, so a new verb or option completes without
 * touching the scripts.
 */
import type { Command, Option } from 'commander';

/** What an option's value completes to: a list of words, a file path, or nothing known. */
export type ValueCompletion = { words: string[] } | 'file' | 'none';

export interface CompletionOption {
  flags: string[];
  description: string;
  /** Undefined for a switch that takes no value. */
  value?: ValueCompletion;
}

export interface CompletionNode {
  /** Space-separated verbs below `ripcord`; '' for the program itself. */
  path: string;
  subcommands: { name: string; description: string }[];
  options: CompletionOption[];
  /** Words the next positional argument may be (e.g. `get`'s resource kinds); else files. */
  argumentWords: string[];
}

/** What commander cannot say about values: keyed by flag, or by "PATH FLAG" for one verb. */
export interface ValueHints {
  optionWords: Record<string, string[]>;
  /** Flags (or "PATH FLAG") whose value is a file or directory. */
  fileOptions: string[];
  /** Command path → words its first argument may be. */
  argumentWords: Record<string, string[]>;
}

export function commandTree(program: Command, hints: ValueHints): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string[]): void => {
    const key = path.join(' ');
    nodes.push({
      path: key,
      subcommands: command.commands.map((sub) => ({ name: sub.name(), description: sub.description() })),
      options: [
        ...command.options.map((option) => describeOption(option, key, hints)),
        { flags: ['-h', '--help'], description: 'show help' },
      ],
      argumentWords: hints.argumentWords[key] ?? command.registeredArguments[0]?.argChoices ?? [],
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}

function describeOption(option: Option, path: string, hints: ValueHints): CompletionOption {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const described = { flags, description: option.description };
  if (!option.required && !option.optional) return described;
  const keys = flags.flatMap((flag) => [`${path} ${flag}`, flag]);
  if (option.argChoices) return { ...described, value: { words: option.argChoices } };
  for (const key of keys) {
    const words = hints.optionWords[key];
    if (words) return { ...described, value: { words } };
    if (hints.fileOptions.includes(key)) return { ...described, value: 'file' };
  }
  // `--out <file>`, `-f, --filename <paths...>`, `--data <dir>`: the placeholder says it is a path.
  if (/<(file|files|path|paths|dir|directory)(\.\.\.)?>/.test(option.flags))
    return { ...described, value: 'file' };
  return { ...described, value: 'none' };
}
