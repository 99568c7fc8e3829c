import { TriggerSyntaxError } from './trigger-error.js';

export interface TriggerToken {
  kind: 'word' | 'number' | 'op' | 'punct' | 'eof';
  text: string;
  pos: number;
  /** Numbers: the value, and the unit glued to it ("30%", "5m", "412ms"). */
  value?: number;
  unit?: string;
}

/** Splits a trigger into words, numbers (with an attached unit), comparison operators and ( ) : */
export function tokenizeTrigger(source: string, field?: string): TriggerToken[] {
  const tokens: TriggerToken[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?|\.\d+)(%|[a-z]+)?|([A-Za-z_][A-Za-z0-9_.\-/]*)|(>=|<=|>|<)|([():]))/y;
  let i = 0;
  while (i < source.length) {
    if (/^\s*$/.test(source.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(source);
    if (!m) {
      const pos = i + (/^\s*/.exec(source.slice(i))?.[0].length ?? 0);
      throw new TriggerSyntaxError(source, pos, source[pos] ?? '', 'unexpected character', field);
    }
    const text = m[0].trimStart();
    const pos = re.lastIndex - text.length;
    if (m[1] !== undefined) tokens.push({ kind: 'number', text, pos, value: Number(m[1]), unit: m[2] ?? '' });
    else if (m[3] !== undefined) tokens.push({ kind: 'word', text, pos });
    else if (m[4] !== undefined) tokens.push({ kind: 'op', text, pos });
    else tokens.push({ kind: 'punct', text, pos });
    i = re.lastIndex;
  }
  tokens.push({ kind: 'eof', text: '<end>', pos: source.length });
  return tokens;
}
