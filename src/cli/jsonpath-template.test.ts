import { describe, expect, it } from 'vitest';
import { renderJsonPath } from './jsonpath-template.js';
import { UsageError } from './usage-error.js';

const list = [
  { name: 'a', weight: 5, tags: { team: 'x' } },
  { name: 'b', weight: 50, tags: { team: 'y' } },
];

describe('kubectl-style JSONPath templates', () => {
  it('prints every selected value, separated by a space, and the text between as written', () => {
    expect(renderJsonPath('{[*].name}', list)).toBe('a b');
    expect(renderJsonPath('names: {[*].name}!', list)).toBe('names: a b!');
    expect(renderJsonPath('{$[1].tags.team}', list)).toBe('y');
  });

  it('repeats a range body per item, with paths relative to it and quoted escapes', () => {
    expect(renderJsonPath('{range [*]}{.name}={.weight}{"\\n"}{end}', list)).toBe('a=5\nb=50\n');
    expect(renderJsonPath("{range [*]}{.name}{'-'}{end}", list)).toBe('a-b-');
    expect(renderJsonPath('{range [*]}{range .tags.*}{@}{end};{end}', list)).toBe('x;y;');
  });

  it('filters, and prints objects as JSON', () => {
    expect(renderJsonPath('{[?(@.weight>10)].name}', list)).toBe('b');
    expect(renderJsonPath('{[0].tags}', list)).toBe('{"team":"x"}');
    expect(renderJsonPath('{[5].name}', list)).toBe('');
  });

  it('refuses malformed templates with the reason', () => {
    expect(() => renderJsonPath('{.name', list)).toThrow(/never closed/);
    expect(() => renderJsonPath('{range [*]}{.name}', list)).toThrow(/without its \{end\}/);
    expect(() => renderJsonPath('{end}', list)).toThrow(/without a \{range\}/);
    expect(() => renderJsonPath('{name}', list)).toThrow(/must start with "\." or "\["/);
    expect(() => renderJsonPath('{}', list)).toThrow(UsageError);
  });
});
