/**
 * JSON parsing that tolerates the bare `NaN`, `Infinity` and `-Infinity` tokens many model
 * servers emit (Python's json module does by default). Valid JSON takes the fast path
 * (JSON.parse); only on failure are the bare tokens outside strings rewritten and parsed again.
 */

/** Thrown when a body is not JSON even with the non-finite tokens allowed. */
export class MalformedJsonError extends Error {
  constructor(readonly reason: string) {
    super(`body is not valid JSON: ${reason}`);
    this.name = 'MalformedJsonError';
  }
}

const NON_FINITE = /"(?:[^"\\]|\\.)*"|(-?)(NaN|Infinity)\b/g;
const MARK = '\u0000ripcord-nf:';

export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!text.includes('NaN') && !text.includes('Infinity')) throw new MalformedJsonError(errorText(error));
  }
  let found = false;
  // Strings are matched (and kept) first, so a "NaN" inside a string is never touched.
  const rewritten = text.replace(NON_FINITE, (match, sign: string | undefined, token: string | undefined) => {
    if (!token) return match;
    found = true;
    return JSON.stringify(`${MARK}${sign ?? ''}${token}`);
  });
  if (!found) throw new MalformedJsonError('unexpected token');
  try {
    return JSON.parse(rewritten, reviveNonFinite) as unknown;
  } catch (error) {
    throw new MalformedJsonError(errorText(error));
  }
}

function reviveNonFinite(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(MARK)) return value;
  const token = value.slice(MARK.length);
  // NaN has no sign: `-NaN` (numpy writes it) is NaN, never an infinity.
  if (token === 'NaN' || token === '-NaN') return Number.NaN;
  return token === '-Infinity' ? -Infinity : Infinity;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
