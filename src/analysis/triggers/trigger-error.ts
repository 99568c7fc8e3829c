import { ValidationError } from '../../core/errors.js';
import { TRIGGER_GRAMMAR } from './grammar.js';

/** Thrown when a trigger cannot be parsed: names the token, shows a caret under it, prints the grammar. */
export class TriggerSyntaxError extends ValidationError {
  constructor(
    readonly source: string,
    readonly position: number,
    readonly token: string,
    reason: string,
    field = 'triggers',
  ) {
    super(
      field,
      `${field}: ${reason} at column ${position + 1}, found ${JSON.stringify(token)}:\n` +
        `  ${source}\n  ${' '.repeat(position)}^\n\nGrammar:\n${TRIGGER_GRAMMAR}`,
      { position, token },
    );
  }
}
