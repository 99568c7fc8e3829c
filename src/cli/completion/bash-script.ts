/**
 * Bash completion: `source <(ripcord completion bash)`. The tree is written into the script as
 * `case` tables, so pressing Tab never starts node. The words before the cursor that name a
 * sub-verb of the path so far descend into it; the rest are options, their values or arguments.
 */
import type { CompletionNode } from './command-tree.js';
import { shellQuote } from './shell-quote.js';

export function bashScript(nodes: CompletionNode[]): string {
  const table = (name: string, row: (node: CompletionNode) => string): string =>
    [
      `${name}() {`,
      '  case "$1" in',
      ...nodes.map((node) => `    ${shellQuote(node.path)}) printf '%s\\n' ${row(node)} ;;`),
      '  esac',
      '}',
    ].join('\n');
  const words = (list: string[]): string => list.map(shellQuote).join(' ') || "''";
  const valueCase = nodes
    .flatMap((node) =>
      node.options.flatMap((option) =>
        option.value === undefined
          ? []
          : option.flags.map((flag) => {
              const key = shellQuote(`${node.path}|${flag}`);
              if (option.value === 'file') return `    ${key}) echo file ;;`;
              if (option.value === 'none') return `    ${key}) echo none ;;`;
              return `    ${key}) printf 'words\\n'; printf '%s\\n' ${words(option.value!.words)} ;;`;
            }),
      ),
    )
    .join('\n');
  return `# bash completion for ripcord. Load it with:  source <(ripcord completion bash)
# or install it:  ripcord completion bash > /etc/bash_completion.d/ripcord

${table('_ripcord_subcommands', (node) => words(node.subcommands.map((s) => s.name)))}

${table('_ripcord_options', (node) => words(node.options.flatMap((o) => o.flags)))}

${table('_ripcord_argument_words', (node) => words(node.argumentWords))}

# "file", "none", or "words" followed by the words an option's value may be.
_ripcord_option_value() {
  case "$1" in
${valueCase}
  esac
}

_ripcord() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" word i kind
  local -a subs values
  ((COMP_CWORD > 0)) && prev="\${COMP_WORDS[COMP_CWORD - 1]}"
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    mapfile -t subs < <(_ripcord_subcommands "$path")
    local sub
    for sub in "\${subs[@]}"; do
      if [[ -n "$sub" && "$sub" == "$word" ]]; then
        path="\${path:+$path }$word"
        break
      fi
    done
  done

  if [[ "$prev" == -* ]]; then
    mapfile -t values < <(_ripcord_option_value "$path|$prev")
    kind="\${values[0]:-}"
    if [[ "$kind" == file ]]; then
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return 0
    elif [[ "$kind" == none ]]; then
      return 0
    elif [[ "$kind" == words ]]; then
      mapfile -t COMPREPLY < <(compgen -W "\${values[*]:1}" -- "$cur")
      return 0
    fi
  fi

  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_ripcord_options "$path")" -- "$cur")
    return 0
  fi
  local candidates
  candidates="$(_ripcord_subcommands "$path")"
  [[ -z "\${candidates//[[:space:]]/}" ]] && candidates="$(_ripcord_argument_words "$path")"
  if [[ -n "\${candidates//[[:space:]]/}" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$candidates" -- "$cur")
  else
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}

complete -F _ripcord ripcord
`;
}
