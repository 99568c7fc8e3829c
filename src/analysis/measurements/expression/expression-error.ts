import { ValidationError } from '../../../core/errors.js';

/**
 * Thrown when a condition cannot be parsed (`phase: 'parse'`) or evaluated (`phase: 'evaluate'`).
 * Parse errors carry the offending token and its 0-based position, and the message shows a caret.
 */
export class ExpressionError extends ValidationError {
  constructor(
    readonly phase: 'parse' | 'evaluate',
    readonly source: string,
    readonly position: number,
    readonly token: string,
    reason: string,
  ) {
    super(
      'condition',
      phase === 'parse'
        ? `${reason} at position ${position} (token ${JSON.stringify(token)}):\n  ${source}\n  ${' '.repeat(position)}^`
        : `cannot evaluate ${JSON.stringify(source)}: ${reason}`,
      { position, token, phase },
    );
  }
}
