import { ExpressionError } from './expression-error.js';

export type TokenKind = 'number' | 'string' | 'ident' | 'punct' | 'hash' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (the decoded value for strings). */
  text: string;
  value?: number | string;
  pos: number;
}

// Longest first so `<=` wins over `<`.
const PUNCTUATION = [
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '.',
  ',',
  '?',
  ':',
];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c);

/** Splits a condition into tokens; throws ExpressionError naming the first character it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i))!;
      i += m[0].length;
      if (isIdentStart(source[i] ?? ''))
        throw new ExpressionError('parse', source, i, source[i]!, 'unexpected character after number');
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), pos: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < source.length && isIdentPart(source[i]!)) i++;
      tokens.push({ kind: 'ident', text: source.slice(start, i), pos: start });
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError('parse', source, start, c, 'unterminated string');
        const d = source[i]!;
        if (d === c) break;
        if (d === '\\') {
          const e = source[i + 1] ?? '';
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ kind: 'string', text: source.slice(start, i), value, pos: start });
      continue;
    }
    if (c === '#') {
      tokens.push({ kind: 'hash', text: '#', pos: start });
      i++;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (!punct) throw new ExpressionError('parse', source, i, c, 'unexpected character');
    tokens.push({ kind: 'punct', text: punct, pos: start });
    i += punct.length;
  }
  tokens.push({ kind: 'eof', text: '<end>', pos: source.length });
  return tokens;
}
