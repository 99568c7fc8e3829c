import { describe, expect, it } from 'vitest';

import { compileExpression, evaluateCondition, ExpressionError } from './expression/index.js';

describe('expression language: values', () => {
  const cases: [string, unknown, unknown][] = [
    ['result >= 0.95', 0.97, true],
    ['result >= 0.95', 0.9, false],
    ['result[0] < 0.01', [0.005, 0.5], true],
    ['result[-1] > 0.4', [0.005, 0.5], true],
    ['result.p95 <= 300 && result.errors == 0', { p95: 250, errors: 0 }, true],
    ['result.p95 <= 300 && result.errors == 0', { p95: 250, errors: 2 }, false],
    ['result.missing == nil', { p95: 1 }, true],
    ['!(result > 1) || false', 0.5, true],
    ['not (result > 1) and true', 0.5, true],
    ['result * 100 - 5 > 90 % 7', 0.5, true],
    ['2 ** 3 ** 2 == 512', null, true],
    ['-2 ** 2 == -4', null, true],
    ['(1 + 2) * 3 == 9 && 1 + 2 * 3 == 7', null, true],
    ['len(result) == 3', [1, 2, 3], true],
    ['len(result) == 2', { a: 1, b: 2 }, true],
    ['len("abc") == 3', null, true],
    ['isNaN(result)', Number.NaN, true],
    ['isNaN(result) || result >= 0.95', Number.NaN, true],
    ['result >= 0.95', Number.NaN, false],
    ['isInf(result)', Infinity, true],
    ['default(result, 0) == 0', Number.NaN, true],
    ['default(result, 0) == 0', null, true],
    ['default(result[5], 1) == 1', [1], true],
    ['default(result, 0) == 3', 3, true],
    ['all(result, {# > 0.9})', [0.95, 0.99], true],
    ['all(result, {# > 0.9})', [0.95, 0.5], false],
    ['any(result, {# > 0.9})', [0.95, 0.5], true],
    ['none(result, {# > 0.9})', [0.1, 0.5], true],
    ['count(result, {# > 0.3}) == 1', [0.1, 0.5], true],
    ['all(result, {#.ok})', [{ ok: true }, { ok: true }], true],
    ['len(filter(result, {# > 1})) == 2', [1, 2, 3], true],
    ['sum(map(result, {# * 2})) == 12', [1, 2, 3], true],
    ['max(result) == 3 && min(1, 2) == 1 && mean(result) == 2', [1, 2, 3], true],
    ['abs(result) == 2', -2, true],
    ['asInt(result) == 42', '42', true],
    ['asFloat(result) > 0.5', '0.75', true],
    ['result == "true"', 'true', true],
    ['"a" + "b" == "ab"', null, true],
    ['result in [200, 204]', 204, true],
    ['"p95" in result', { p95: 1 }, true],
    ['result > 1 ? true : false', 2, true],
    ['result.items[1].score > .5', { items: [{ score: 0.1 }, { score: 0.6 }] }, true],
    ['result["p95"] == 1e2', { p95: 100 }, true],
    ['(result ?? 7) == 7', null, true],
    ['result.length == 2', [1, 2], true],
  ];
  it.each(cases)('%s with %j → %j', (src, result, expected) => {
    expect(compileExpression(src).evaluate(result)).toBe(expected);
  });

  it('binds extra variables', () => {
    expect(compileExpression('result > limit').test(3, { limit: 2 })).toBe(true);
  });
});

describe('expression language: errors', () => {
  const parseErrors: [string, number, string][] = [
    ['result >', 8, '<end>'],
    ['result >= 0.95 )', 15, ')'],
    ['result[0 < 1', 12, '<end>'],
    ['result @ 1', 7, '@'],
    ['1abc > 0', 1, 'a'],
    ['"open > 1', 0, '"'],
    ['# > 1', 0, '#'],
    ['result. > 1', 8, '>'],
    ['f(1 2)', 4, '2'],
    ['&& result', 0, '&&'],
  ];
  it.each(parseErrors)('%s fails at %d on %s', (src, position, token) => {
    let caught: unknown;
    try {
      compileExpression(src);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    const e = caught as ExpressionError;
    expect(e.phase).toBe('parse');
    expect(e.position).toBe(position);
    expect(e.token).toBe(token);
    expect(e.message).toContain(`position ${position}`);
    // The caret sits under the offending token.
    const lines = e.message.split('\n');
    expect(lines[2]!.indexOf('^') - 2).toBe(position);
  });

  const evalErrors: [string, unknown, RegExp][] = [
    ['result[3] > 0', [1], /index 3 is out of range/],
    ['result > 0', 'abc', /cannot compare string with number/],
    ['result.a > 0', 5, /cannot read field "a" of number/],
    ['result && true', 1, /needs a boolean/],
    ['foo > 1', 1, /unknown name "foo"/],
    ['bar(1)', 1, /unknown function "bar"/],
    ['len(result)', 1, /len\(\) needs/],
    ['all(result, 1)', [1], /needs a predicate/],
    ['asInt(result) > 1', 'x', /asInt\(\) cannot read/],
  ];
  it.each(evalErrors)('%s with %j throws %s', (src, result, message) => {
    const compiled = compileExpression(src);
    expect(() => compiled.evaluate(result)).toThrow(message);
  });

  it('requires a boolean result for a condition', () => {
    expect(() => evaluateCondition('result + 1', 1)).toThrow(/expected a boolean, got 2/);
  });

  it('never reaches JavaScript globals', () => {
    expect(() => compileExpression('constructor').evaluate({})).toThrow(/unknown name "constructor"/);
    expect(compileExpression('result.constructor == nil').evaluate({})).toBe(true);
    expect(() => compileExpression('process.exit(1)')).toThrow(ExpressionError);
  });
});
