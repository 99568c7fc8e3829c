/**
 * `{{args.NAME}}` in a metric template's query, as Argo writes it: replaced by the rollout's own
 * values (model, rollout, candidate, baseline) and the `args` the analysis declares. Checked when
 * the rollout is submitted, so a query naming an argument that does not exist is refused there,
 * not sent to Prometheus with the braces still in it.
 */
import { ValidationError } from '../../core/errors.js';

/** Filled in by the controller for every run. */
export const BUILT_IN_ARGS = ['model', 'rollout', 'candidate', 'baseline'] as const;

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const ARG = /^args\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/** The argument names a text uses; a placeholder that is not `args.NAME` is an error naming `field`. */
export function argumentsOf(text: string, field: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const arg = ARG.exec(match[1] ?? '');
    if (!arg)
      throw new ValidationError(
        field,
        `${field}: "${match[0]}" is not an argument; write {{args.NAME}}, e.g. {{args.candidate}}`,
      );
    names.push(arg[1]!);
  }
  return names;
}

/** Checks that every placeholder in `text` names one of `known`. */
export function checkArguments(text: string, field: string, known: readonly string[]): void {
  for (const name of argumentsOf(text, field))
    if (!known.includes(name))
      throw new ValidationError(
        field,
        `${field}: {{args.${name}}} is not defined; use ${known.map((k) => `{{args.${k}}}`).join(', ')} ` +
          `or declare it in spec.analysis.args`,
      );
}

/** `text` with every `{{args.NAME}}` replaced (names already checked; an unknown one is left as written). */
export function substituteArguments(text: string, args: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, inner: string) => {
    const name = ARG.exec(inner)?.[1];
    return name !== undefined && Object.hasOwn(args, name) ? args[name]! : whole;
  });
}
