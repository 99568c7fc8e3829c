/**
 * Fish completion: `ripcord completion fish > ~/.config/fish/completions/ripcord.fish`. One
 * `complete` rule calls a function that walks the command line as the bash script does and
 * prints candidates with their descriptions (fish filters them by what is typed).
 */
import type { CompletionNode } from './command-tree.js';
import { fishQuote } from './shell-quote.js';

const described = (name: string, description: string): string =>
  fishQuote(`${name}\t${description.replace(/\s+/g, ' ').trim()}`);

export function fishScript(nodes: CompletionNode[]): string {
  const table = (name: string, row: (node: CompletionNode) => string[]): string =>
    [
      `function ${name}`,
      '    switch "$argv[1]"',
      ...nodes.flatMap((node) => {
        const words = row(node);
        return [
          `        case ${fishQuote(node.path)}`,
          words.length ? `            printf '%s\\n' ${words.join(' ')}` : '            true',
        ];
      }),
      '    end',
      'end',
    ].join('\n');
  const valueCase = nodes.flatMap((node) =>
    node.options.flatMap((option) =>
      option.value === undefined
        ? []
        : option.flags.flatMap((flag) => [
            `        case ${fishQuote(`${node.path}|${flag}`)}`,
            option.value === 'file' || option.value === 'none'
              ? `            echo ${option.value}`
              : `            printf '%s\\n' words ${option.value!.words.map(fishQuote).join(' ')}`,
          ]),
    ),
  );
  return `# fish completion for ripcord. Install it:
#   ripcord completion fish > ~/.config/fish/completions/ripcord.fish

${table('__ripcord_subcommands', (node) => node.subcommands.map((s) => described(s.name, s.description)))}

${table('__ripcord_options', (node) => node.options.flatMap((o) => o.flags.map((f) => described(f, o.description))))}

${table('__ripcord_argument_words', (node) => node.argumentWords.map(fishQuote))}

# "file", "none", or "words" followed by the words an option's value may be.
function __ripcord_option_value
    switch "$argv[1]"
${valueCase.join('\n')}
    end
end

function __ripcord_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmdpath ''
    for word in $tokens[2..]
        string match -q -- '-*' $word; and continue
        if contains -- $word (__ripcord_subcommands "$cmdpath" | string replace -r '\\t.*' '')
            set cmdpath (string trim -- "$cmdpath $word")
        end
    end
    if test (count $tokens) -gt 1; and string match -q -- '-*' $tokens[-1]
        set -l values (__ripcord_option_value "$cmdpath|$tokens[-1]")
        switch "$values[1]"
            case file
                __fish_complete_path $cur
                return
            case none
                return
            case words
                printf '%s\\n' $values[2..]
                return
        end
    end
    if string match -q -- '-*' $cur
        __ripcord_options "$cmdpath"
        return
    end
    set -l subs (__ripcord_subcommands "$cmdpath")
    if test (count $subs) -gt 0
        printf '%s\\n' $subs
        return
    end
    set -l arguments (__ripcord_argument_words "$cmdpath")
    if test (count $arguments) -gt 0
        printf '%s\\n' $arguments
        return
    end
    __fish_complete_path $cur
end

complete -c ripcord -f -a '(__ripcord_complete)'
`;
}
