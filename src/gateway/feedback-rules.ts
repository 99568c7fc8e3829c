/**
 * The feedback rules a gateway enforces (record-feedback.ts), built from GatewayOptions.feedback
 * (or the environment) and, for KPI names, from each routing snapshot.
 */
import { ValidationError } from '../core/errors.js';
import type { LabelCap } from '../telemetry/label-cap.js';
import type { FeedbackOptions } from './gateway-options.js';
import type { FeedbackAttribution, FeedbackRules } from './record-feedback.js';
import type { RoutingSnapshot } from './routing-snapshot.js';

const ATTRIBUTIONS: readonly FeedbackAttribution[] = ['issued', 'request-id', 'release'];

function attributionFrom(env: NodeJS.ProcessEnv): FeedbackAttribution {
  const value = env['RIPCORD_FEEDBACK_ATTRIBUTION'];
  if (value === undefined || value === '') return 'issued';
  if (!(ATTRIBUTIONS as readonly string[]).includes(value))
    throw new Error(`RIPCORD_FEEDBACK_ATTRIBUTION: "${value}"; use one of ${ATTRIBUTIONS.join(', ')}`);
  return value as FeedbackAttribution;
}

function kpisFrom(env: NodeJS.ProcessEnv): string[] {
  return (env['RIPCORD_FEEDBACK_KPIS'] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

export class GatewayFeedbackRules implements FeedbackRules {
  readonly attribution: FeedbackAttribution;
  private readonly configured: ReadonlySet<string>;
  private byModel = new Map<string, ReadonlySet<string>>();
  private all: ReadonlySet<string>;

  constructor(
    options: FeedbackOptions | undefined,
    readonly regions: LabelCap,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.attribution = options?.attribution ?? attributionFrom(env);
    if (!ATTRIBUTIONS.includes(this.attribution))
      throw new Error(`feedback.attribution: "${this.attribution}"; use one of ${ATTRIBUTIONS.join(', ')}`);
    this.configured = new Set(options?.kpis ?? kpisFrom(env));
    this.all = this.configured;
  }

  /** Takes the KPI names of a new routing snapshot; throws, changing nothing, when they are malformed. */
  setSnapshot(snapshot: RoutingSnapshot): void {
    const kpis: unknown = snapshot.kpis ?? {};
    if (typeof kpis !== 'object' || kpis === null || Array.isArray(kpis))
      throw new ValidationError('kpis', 'kpis: give an object of model name → KPI names');
    for (const [model, names] of Object.entries(kpis))
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
        throw new ValidationError(`kpis.${model}`, `kpis.${model}: give an array of KPI names`);
    const byModel = new Map<string, ReadonlySet<string>>();
    const all = new Set(this.configured);
    for (const [model, names] of Object.entries(kpis as Record<string, string[]>)) {
      byModel.set(model, new Set([...this.configured, ...names]));
      for (const n of names) all.add(n);
    }
    this.byModel = byModel;
    this.all = all;
  }

  kpis(model: string): ReadonlySet<string> {
    return this.byModel.get(model) ?? this.configured;
  }

  anyKpi(metric: string): boolean {
    return this.all.has(metric);
  }
}
