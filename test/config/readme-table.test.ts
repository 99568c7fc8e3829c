/** The README's configuration table is the generated one, so it lists every knob the tests cover. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOBS, knobTable } from '../../src/config/index.js';

describe('README configuration table', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('is the generated table (run `npm run schemas` when this fails)', () => {
    expect(readme).toContain(knobTable());
  });

  it('has one row per knob, naming its key, variable and flags', () => {
    for (const knob of KNOBS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${knob.key}\` |`));
      expect(row, knob.key).toBeDefined();
      expect(row).toContain(`\`${knob.env}\``);
      for (const verb of knob.verbs) expect(row).toContain(`\`${knob.flag(verb)}\``);
    }
  });
});
