/**
 * A small, safe expression language for Argo-style successCondition / failureCondition.
 * Parsed into a tree and walked; never eval or Function. See docs/triggers.md for the grammar.
 */
import type { Node } from './ast.js';
import { evaluateTree, type Value } from './evaluate.js';
import { ExpressionError } from './expression-error.js';
import { parse } from './parse.js';

export { ExpressionError } from './expression-error.js';
export { FUNCTION_NAMES, type Value } from './evaluate.js';
export type { Node } from './ast.js';
export { parse } from './parse.js';

export interface CompiledExpression {
  readonly source: string;
  readonly tree: Node;
  /** Evaluates with `result` bound (plus any other variables). */
  evaluate(result: unknown, vars?: Readonly<Record<string, unknown>>): Value;
  /** Evaluates and requires a boolean; throws ExpressionError otherwise. */
  test(result: unknown, vars?: Readonly<Record<string, unknown>>): boolean;
}

/** Parses once (throwing ExpressionError on bad syntax); the result evaluates many times. */
export function compileExpression(source: string): CompiledExpression {
  const tree = parse(source);
  const evaluate = (result: unknown, vars: Readonly<Record<string, unknown>> = {}): Value =>
    evaluateTree(tree, source, { ...(vars as Record<string, Value>), result: result as Value });
  return Object.freeze({
    source,
    tree,
    evaluate,
    test(result: unknown, vars?: Readonly<Record<string, unknown>>): boolean {
      const v = evaluate(result, vars);
      if (typeof v !== 'boolean')
        throw new ExpressionError(
          'evaluate',
          source,
          0,
          '',
          `expected a boolean, got ${JSON.stringify(v) ?? 'nil'}`,
        );
      return v;
    },
  });
}

/** One-shot: does `condition` hold for `result`? */
export function evaluateCondition(condition: string, result: unknown): boolean {
  return compileExpression(condition).test(result);
}
