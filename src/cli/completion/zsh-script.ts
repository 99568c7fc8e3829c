/**
 * Zsh completion, native (descriptions beside verbs and options): install it as `_ripcord` on the
 * fpath, or `source <(ripcord completion zsh)` after compinit. Same walk as the bash script.
 */
import type { CompletionNode } from './command-tree.js';
import { shellQuote } from './shell-quote.js';

/** `name:description` for _describe: colons in the name escaped, the description on one line. */
const described = (name: string, description: string): string =>
  shellQuote(`${name.replaceAll(':', '\\:')}:${description.replace(/\s+/g, ' ').trim()}`);

export function zshScript(nodes: CompletionNode[]): string {
  const table = (name: string, row: (node: CompletionNode) => string[]): string =>
    [
      `${name}() {`,
      '  case "$1" in',
      ...nodes.map((node) => {
        const words = row(node);
        return `    ${shellQuote(node.path)}) ${words.length ? `print -rl -- ${words.join(' ')}` : ':'} ;;`;
      }),
      '  esac',
      '}',
    ].join('\n');
  const valueCase = nodes
    .flatMap((node) =>
      node.options.flatMap((option) =>
        option.value === undefined
          ? []
          : option.flags.map((flag) => {
              const key = shellQuote(`${node.path}|${flag}`);
              if (option.value === 'file' || option.value === 'none')
                return `    ${key}) print -r -- ${option.value} ;;`;
              return `    ${key}) print -rl -- words ${option.value!.words.map(shellQuote).join(' ')} ;;`;
            }),
      ),
    )
    .join('\n');
  return `#compdef ripcord
# zsh completion for ripcord. Install it:  ripcord completion zsh > "\${fpath[1]}/_ripcord"
# or load it in .zshrc after compinit:    source <(ripcord completion zsh)

${table('_ripcord_subcommands', (node) => node.subcommands.map((s) => described(s.name, s.description)))}

${table('_ripcord_options', (node) => node.options.flatMap((o) => o.flags.map((f) => described(f, o.description))))}

${table('_ripcord_argument_words', (node) => node.argumentWords.map(shellQuote))}

# "file", "none", or "words" followed by the words an option's value may be.
_ripcord_option_value() {
  case "$1" in
${valueCase}
  esac
}

_ripcord() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmdpath='' word i
  local -a subs names values candidates
  for (( i = 2; i < CURRENT; i++ )); do
    word=\${words[i]}
    [[ $word == -* ]] && continue
    subs=(\${(f)"$(_ripcord_subcommands "$cmdpath")"})
    names=(\${subs%%:*})
    (( \${names[(Ie)$word]} )) && cmdpath=\${cmdpath:+$cmdpath }$word
  done

  if [[ $prev == -* ]]; then
    values=(\${(f)"$(_ripcord_option_value "$cmdpath|$prev")"})
    case \${values[1]} in
      file) _files; return ;;
      none) _message 'value'; return ;;
      words) compadd -- \${values[2,-1]}; return ;;
    esac
  fi

  if [[ $cur == -* ]]; then
    candidates=(\${(f)"$(_ripcord_options "$cmdpath")"})
    _describe -t options 'option' candidates
    return
  fi
  candidates=(\${(f)"$(_ripcord_subcommands "$cmdpath")"})
  if (( \${#candidates} )); then
    _describe -t commands 'command' candidates
    return
  fi
  candidates=(\${(f)"$(_ripcord_argument_words "$cmdpath")"})
  if (( \${#candidates} )); then compadd -- $candidates; else _files; fi
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _ripcord "$@"
else
  compdef _ripcord ripcord
fi
`;
}
