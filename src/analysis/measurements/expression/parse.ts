import type { BinaryOp, Node } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { tokenize, type Token } from './tokenize.js';

/** Binding power of each infix operator; `**` is right-associative. */
const INFIX: Record<string, { bp: number; op: BinaryOp }> = {
  '||': { bp: 2, op: '||' },
  or: { bp: 2, op: '||' },
  '??': { bp: 2, op: '??' },
  '&&': { bp: 3, op: '&&' },
  and: { bp: 3, op: '&&' },
  '==': { bp: 4, op: '==' },
  '!=': { bp: 4, op: '!=' },
  '<': { bp: 5, op: '<' },
  '<=': { bp: 5, op: '<=' },
  '>': { bp: 5, op: '>' },
  '>=': { bp: 5, op: '>=' },
  in: { bp: 5, op: 'in' },
  '+': { bp: 6, op: '+' },
  '-': { bp: 6, op: '-' },
  '*': { bp: 7, op: '*' },
  '/': { bp: 7, op: '/' },
  '%': { bp: 7, op: '%' },
  '**': { bp: 9, op: '**' },
};
const UNARY_BP = 8;
const CONDITIONAL_BP = 1;

const KEYWORDS: Record<string, boolean | null> = {
  true: true,
  false: false,
  nil: null,
  null: null,
};

/** Parses a condition into a tree; throws ExpressionError naming the unexpected token and its position. */
export function parse(source: string): Node {
  const tokens = tokenize(source);
  let at = 0;
  let predicateDepth = 0;

  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const fail = (token: Token, reason: string): never => {
    throw new ExpressionError('parse', source, token.pos, token.text, reason);
  };
  const expect = (text: string): Token => {
    const t = peek();
    if (t.kind === 'eof' || t.text !== text || t.kind === 'string') fail(t, `expected "${text}"`);
    return next();
  };
  const infixOf = (t: Token): { bp: number; op: BinaryOp } | undefined =>
    (t.kind === 'punct' || t.kind === 'ident') && Object.hasOwn(INFIX, t.text) ? INFIX[t.text] : undefined;

  function list(close: string): Node[] {
    const items: Node[] = [];
    if (peek().kind === 'punct' && peek().text === close) {
      next();
      return items;
    }
    for (;;) {
      items.push(expression(0));
      const t = next();
      if (t.kind === 'punct' && t.text === close) return items;
      if (!(t.kind === 'punct' && t.text === ',')) fail(t, `expected "," or "${close}"`);
    }
  }

  function prefix(): Node {
    const t = next();
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: t.value as number, pos: t.pos };
      case 'string':
        return { kind: 'literal', value: t.value as string, pos: t.pos };
      case 'hash':
        if (predicateDepth === 0) fail(t, '"#" is only allowed inside a predicate { ... }');
        return { kind: 'element', pos: t.pos };
      case 'ident': {
        if (Object.hasOwn(KEYWORDS, t.text)) return { kind: 'literal', value: KEYWORDS[t.text]!, pos: t.pos };
        if (t.text === 'not') return { kind: 'unary', op: '!', operand: expression(UNARY_BP), pos: t.pos };
        if (infixOf(t)) fail(t, 'expected a value');
        if (peek().kind === 'punct' && peek().text === '(') {
          next();
          return { kind: 'call', callee: t.text, args: list(')'), pos: t.pos };
        }
        return { kind: 'ident', name: t.text, pos: t.pos };
      }
      case 'punct':
        if (t.text === '(') {
          const inner = expression(0);
          expect(')');
          return inner;
        }
        if (t.text === '!' || t.text === '-' || t.text === '+')
          return { kind: 'unary', op: t.text, operand: expression(UNARY_BP), pos: t.pos };
        if (t.text === '[') return { kind: 'array', elements: list(']'), pos: t.pos };
        if (t.text === '{') {
          predicateDepth++;
          const body = expression(0);
          predicateDepth--;
          expect('}');
          return { kind: 'predicate', body, pos: t.pos };
        }
        return fail(t, 'expected a value');
      case 'eof':
        return fail(t, 'unexpected end of condition');
    }
  }

  function expression(minBp: number): Node {
    let left = prefix();
    for (;;) {
      const t = peek();
      if (t.kind === 'punct' && t.text === '.') {
        next();
        const name = next();
        if (name.kind !== 'ident') fail(name, 'expected a field name after "."');
        left = { kind: 'member', object: left, property: name.text, pos: name.pos };
        continue;
      }
      if (t.kind === 'punct' && t.text === '[') {
        next();
        const index = expression(0);
        expect(']');
        left = { kind: 'index', object: left, index, pos: t.pos };
        continue;
      }
      if (t.kind === 'punct' && t.text === '?' && minBp <= CONDITIONAL_BP) {
        next();
        const consequent = expression(0);
        expect(':');
        const alternate = expression(CONDITIONAL_BP);
        left = { kind: 'conditional', test: left, consequent, alternate, pos: t.pos };
        continue;
      }
      const infix = infixOf(t);
      if (!infix || infix.bp <= minBp) break;
      next();
      // `**` binds right: its right-hand side may hold another `**`.
      const right = expression(infix.op === '**' ? infix.bp - 1 : infix.bp);
      left = { kind: 'binary', op: infix.op, left, right, pos: t.pos };
    }
    return left;
  }

  const tree = expression(0);
  const rest = peek();
  if (rest.kind !== 'eof') fail(rest, 'unexpected token');
  return tree;
}
