import { describe, expect, it } from 'vitest';

import { compileJsonPath } from './json-path.js';
import { parseLenientJson } from './lenient-json.js';

describe('lenient JSON and JSON paths', () => {
  it.each([
    ['{"a":NaN}', { a: NaN }],
    ['[Infinity,-Infinity,1]', [Infinity, -Infinity, 1]],
    ['{"s":"NaN stays a string","n":NaN}', { s: 'NaN stays a string', n: NaN }],
    ['{"quote":"say \\"Infinity\\"","v":-Infinity}', { quote: 'say "Infinity"', v: -Infinity }],
    // NaN has no sign: numpy writes -NaN, which must not read as an infinity.
    ['[-NaN,NaN]', [NaN, NaN]],
  ])('parses %s', (text, expected) => {
    expect(parseLenientJson(text)).toEqual(expected);
  });

  it('still rejects what is not JSON', () => {
    expect(() => parseLenientJson('{"a":NaN,')).toThrow(/not valid JSON/);
    expect(() => parseLenientJson('{a:1}')).toThrow(/not valid JSON/);
    expect(() => parseLenientJson('{"a":NaNa}')).toThrow(/not valid JSON/);
  });

  it.each([
    ['$.predictions[*].items', { predictions: [{ items: ['a', 'b'] }, { items: ['c'] }] }, ['a', 'b', 'c']],
    ['$.outputs[0].data[*]', { outputs: [{ data: [1, 2] }, { data: [3] }] }, [1, 2]],
    ["$['top-k'][1]", { 'top-k': ['x', 'y'] }, ['y']],
    ['$.label', { label: true }, ['true']],
    ['$.missing[*]', { other: 1 }, []],
  ])('reads %s', (path, value, expected) => {
    expect(compileJsonPath(path)(value)).toEqual(expected);
  });

  it('refuses paths outside the subset, naming the field', () => {
    expect(() => compileJsonPath('predictions')).toThrow(
      /predictionPath: "predictions" must start with "\$"/,
    );
    expect(() => compileJsonPath('$..items')).toThrow(/cannot read/);
  });
});
