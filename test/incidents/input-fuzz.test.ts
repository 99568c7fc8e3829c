/**
 * Inputs the incident routes and verbs accept, fuzzed: `since` filters, fault onsets and
 * incident policies either parse or fail with a ValidationError / zod issue naming the field,
 * never with anything else, and an HTML report never lets incident text out of its escaping.
 */
import { describe, expect, it } from 'vitest';
import { sinceMs } from '../../src/api/routes/since-filter.js';
import { ValidationError } from '../../src/core/errors.js';
import { IncidentPolicySchema, recordOnset } from '../../src/incidents/index.js';
import { buildIncidentReport } from '../../src/incidents/report/build-report.js';
import { renderHtml } from '../../src/incidents/report/render-html.js';
import { resolvedIncident, T0 } from './incident-fixture.js';

let seed = 7;
function random(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}
const ALPHABET = '0123456789hmsdTZ:-.+ <>&"\'/\\abcxyzé\u0000🙂';
function junk(max = 24): string {
  let text = '';
  const length = Math.floor(random() * max);
  for (let i = 0; i < length; i += 1) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

describe('incident inputs, fuzzed', () => {
  it('since: a time or a duration, else a ValidationError naming since', () => {
    for (let i = 0; i < 2_000; i += 1) {
      const value = junk();
      try {
        expect(Number.isFinite(sinceMs(value, T0))).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).message).toMatch(/^since/);
      }
    }
    expect(sinceMs('1h', T0)).toBe(T0 - 3_600_000);
    expect(sinceMs(undefined, T0)).toBeUndefined();
  });

  it('onset: at or before the first breach, else a ValidationError naming at', () => {
    const incident = resolvedIncident();
    const fresh = { ...incident, times: { ...incident.times, onsetAt: undefined } };
    for (let i = 0; i < 1_000; i += 1) {
      const at = [NaN, Infinity, -1, 0, T0 + (random() - 0.5) * 10_000][i % 5]!;
      try {
        const updated = recordOnset(fresh, at, 'fuzz');
        expect(updated.times.onsetAt).toBeLessThanOrEqual(fresh.times.firstBreachAt);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).message).toMatch(/^at: /);
      }
    }
  });

  it('policies: parsed or refused with the path of the bad field', () => {
    for (let i = 0; i < 1_000; i += 1) {
      const candidate = {
        severityRules: [{ severity: junk(3), metrics: random() < 0.5 ? [junk(8)] : [], words: [junk(6)] }],
        otherwise: random() < 0.5 ? 'P3' : junk(3),
        ...(random() < 0.5 ? { valuePerConversion: { kpi: junk(6), value: (random() - 0.3) * 10 } } : {}),
      };
      const parsed = IncidentPolicySchema.safeParse(candidate);
      if (!parsed.success)
        for (const issue of parsed.error.issues) expect(issue.path.length).toBeGreaterThan(0);
    }
  });

  it('the HTML report escapes every piece of incident text', () => {
    for (let i = 0; i < 200; i += 1) {
      const text = `<script>${junk()}</script><img src=x onerror="${junk()}">`;
      const html = renderHtml(
        buildIncidentReport({ ...resolvedIncident(), reason: text, model: `m${junk(4)}`, escalation: text }),
      );
      expect(html).not.toMatch(/<script|<img/i);
    }
  });
});
