import { durationOf } from '../../core/duration.js';
import type { Severity } from '../judge.js';
import { DISTANCES, isDistance } from './distances.js';
import { TriggerSyntaxError } from './trigger-error.js';
import { tokenizeTrigger, type TriggerToken } from './tokenize.js';
import type { Comparison, Trigger, TriggerMetric } from './types.js';

/** Judging windows are whole seconds: a trigger's `for`/`over` takes no milliseconds. */
const TRIGGER_DURATION_UNITS = ['s', 'm', 'h'] as const;
/** Metrics judged with a statistical test unless told `without significance`. */
const SIGNIFICANT_BY_DEFAULT = new Set<TriggerMetric['kind']>([
  'latency',
  'error-rate',
  'kpi',
  // Counts of bad rows are rates like errors: the same always-valid test, rather than an effect
  // size on 3 looks in a row, which a quiet night's handful of rows crosses by chance.
  'null-rate',
  'schema-mismatch',
  // Distribution triggers: a homogeneity test spent across looks and checkpoints decides on the
  // first breach where an effect size alone needed 3 looks in a row and 200–500 values a side.
  'diversity',
  'psi',
  'js',
  'ks',
]);
/** v/100 without binary noise (99.9 / 100 would be 0.9990000000000001). */
const percent = (v: number): number => Number((v / 100).toPrecision(12));
const RATE_KINDS = new Set<TriggerMetric['kind']>(['error-rate', 'null-rate', 'schema-mismatch']);

/**
 * Parses one trigger such as `hard: p95 latency up > 30% for 5m` into a frozen Trigger.
 * Errors name the offending token, point at it with a caret and print the grammar.
 * `field` names the config entry in messages (e.g. `triggers[2]`).
 */
export function parseTrigger(source: string, field = 'trigger'): Trigger {
  const known = parsed.get(source);
  if (known) return known;
  const trigger = parseTriggerText(source, field);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(source, trigger);
  return trigger;
}

/**
 * Triggers parsed so far, by text: a controller rebuilds each rollout's judge on every tick from
 * its stored state, and parsing its triggers again each time was a few percent of a 1,000-rollout
 * tick. A Trigger is frozen, so one can be shared; only a success is kept (`field` names the
 * entry in errors alone).
 */
const parsed = new Map<string, Trigger>();
/** Past this many distinct texts the cache starts over (texts come from rollout specs). */
const PARSED_KEPT = 4096;

function parseTriggerText(source: string, field: string): Trigger {
  const tokens = tokenizeTrigger(source, field);
  let at = 0;
  const peek = (offset = 0): TriggerToken => tokens[Math.min(at + offset, tokens.length - 1)]!;
  const next = (): TriggerToken => tokens[at++]!;
  const fail = (token: TriggerToken, reason: string): never => {
    throw new TriggerSyntaxError(source, token.pos, token.text, reason, field);
  };
  const isWord = (t: TriggerToken, ...words: string[]): boolean =>
    t.kind === 'word' && words.includes(t.text.toLowerCase());
  const word = (...words: string[]): TriggerToken => {
    const t = next();
    if (!isWord(t, ...words)) fail(t, `expected ${words.map((w) => `"${w}"`).join(' or ')}`);
    return t;
  };
  const punct = (text: string): void => {
    const t = next();
    if (t.kind !== 'punct' || t.text !== text) fail(t, `expected "${text}"`);
  };
  const name = (what: string): string => {
    const t = next();
    if (t.kind !== 'word') fail(t, `expected ${what}`);
    return t.text;
  };

  // severity
  let severity: Severity = 'hard';
  let textStart = 0;
  if (isWord(peek(), 'hard', 'soft', 'observe') && peek(1).kind === 'punct' && peek(1).text === ':') {
    severity = next().text.toLowerCase() as Severity;
    next();
    textStart = peek().pos;
  }

  // metric
  const metric = parseMetric();
  function parseMetric(): TriggerMetric {
    const t = next();
    const lower = t.text.toLowerCase();
    const q = /^p(\d{1,2}(?:\.\d+)?)$/.exec(lower);
    if (t.kind === 'word' && q) {
      const quantile = percent(Number(q[1]));
      if (!(quantile > 0 && quantile < 1)) fail(t, 'expected a quantile between p1 and p99.9');
      word('latency');
      return { kind: 'latency', quantile, label: lower };
    }
    if (isWord(t, 'error', 'errors')) {
      word('rate');
      return { kind: 'error-rate' };
    }
    if (isWord(t, 'kpi')) return { kind: 'kpi', name: name('a KPI name, e.g. "kpi conversion"') };
    if (isWord(t, 'prediction', 'predictions')) {
      word('diversity');
      return { kind: 'diversity' };
    }
    if (isWord(t, 'input')) {
      const schema = isWord(word('null', 'schema'), 'schema');
      if (schema) word('mismatch');
      word('rate');
      const kind = schema ? 'schema-mismatch' : 'null-rate';
      if (peek().kind === 'punct' && peek().text === '(') {
        next();
        const field = name('an input field name');
        punct(')');
        return { kind, field };
      }
      return { kind };
    }
    if (isWord(t, 'psi', 'js', 'ks')) {
      punct('(');
      const field = name('an input field name');
      punct(')');
      return { kind: t.text.toLowerCase() as 'psi' | 'js' | 'ks', field };
    }
    return fail(
      t,
      'expected a metric (pNN latency, error rate, kpi NAME, prediction diversity, input null rate, input schema mismatch rate, psi(FIELD), js(FIELD), ks(FIELD))',
    );
  }

  // condition
  const comparison = parseComparison();
  function parseComparison(): Comparison {
    const t = next();
    if (isWord(t, 'up', 'down')) {
      if (isDistance(metric))
        fail(
          t,
          `${metric.kind} is already a comparison with the baseline; write e.g. "${metric.kind}(${metric.field}) > ${DISTANCES[metric.kind].example}"`,
        );
      const op = next();
      if (op.kind !== 'op' || (op.text !== '>' && op.text !== '>='))
        fail(op, `expected ">" after "${t.text}" (e.g. "${t.text} > 30%")`);
      const n = next();
      if (n.kind !== 'number') fail(n, 'expected a percentage such as 30%');
      if (n.unit !== '%') fail(n, 'a relative change needs a percentage, e.g. 30%');
      return {
        mode: 'relative',
        direction: t.text.toLowerCase() as 'up' | 'down',
        limit: percent(n.value!),
        inclusive: op.text === '>=',
      };
    }
    if (t.kind !== 'op') fail(t, 'expected "up", "down", ">", ">=", "<" or "<="');
    const n = next();
    if (n.kind !== 'number') fail(n, 'expected a number');
    return { mode: 'absolute', op: t.text as '>' | '>=' | '<' | '<=', ...absoluteValue(n, t.text) };
  }
  function absoluteValue(n: TriggerToken, op: string): { value: number; unit: 'ms' | 's' | '%' | '' } {
    const unit = n.unit ?? '';
    const v = n.value!;
    if (metric.kind === 'latency') {
      if (unit === 'ms') return { value: v, unit };
      if (unit === 's') return { value: v * 1000, unit };
      return fail(n, 'latency needs a unit: ms or s (e.g. 500ms)');
    }
    if (isDistance(metric)) {
      const { example, max } = DISTANCES[metric.kind];
      if (unit !== '') fail(n, `${metric.kind} is a plain number, e.g. ${example}`);
      if (op === '>' ? v >= max : op === '>=' && v > max)
        fail(n, `${metric.kind} is at most ${Number(max.toFixed(4))}, so this could never fire`);
      return { value: v, unit: '' };
    }
    if (unit === '%') return { value: percent(v), unit };
    if (unit !== '') return fail(n, `unknown unit "${unit}" here; use %, or a plain number`);
    if (RATE_KINDS.has(metric.kind) && v > 1)
      fail(n, `a rate is a fraction (0..1) or a percentage; write ${v}% if you meant that`);
    return { value: v, unit };
  }

  // windows and significance, in any order
  let forMs: number | undefined;
  let overMs: number | undefined;
  let significance = SIGNIFICANT_BY_DEFAULT.has(metric.kind);
  let sawSignificance = false;
  while (peek().kind !== 'eof') {
    const t = next();
    if (isWord(t, 'for', 'over')) {
      if ((isWord(t, 'for') && forMs !== undefined) || (isWord(t, 'over') && overMs !== undefined))
        fail(t, `"${t.text}" given twice`);
      const d = next();
      const ms =
        d.kind === 'number' && d.unit ? durationOf(d.value!, d.unit, TRIGGER_DURATION_UNITS) : undefined;
      if (ms === undefined) return fail(d, 'expected a duration such as 30s, 5m or 1h');
      if (!(ms > 0)) fail(d, 'a duration must be positive');
      if (isWord(t, 'for')) forMs = ms;
      else overMs = ms;
      continue;
    }
    if (isWord(t, 'with', 'without')) {
      if (sawSignificance) fail(t, 'significance given twice');
      word('significance');
      significance = isWord(t, 'with');
      sawSignificance = true;
      continue;
    }
    fail(t, 'expected "for DURATION", "over DURATION", "with significance" or end of trigger');
  }

  return Object.freeze({
    text: source.slice(textStart).trim(),
    source: source.trim(),
    severity,
    metric: Object.freeze(metric),
    comparison: Object.freeze(comparison),
    forMs,
    overMs,
    significance,
  });
}
