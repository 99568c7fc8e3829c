/** A word in single quotes for bash and zsh: safe for any text, including quotes and `$`. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A word in single quotes for fish, which escapes `\` and `'` inside them. */
export function fishQuote(word: string): string {
  return `'${word.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
