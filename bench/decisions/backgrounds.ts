import type { KpiFeedback, SharedSecond } from './arm-stream.js';
import type { Rng } from './random.js';

/**
 * What happens to every release at once, second by second: production traffic is not stationary.
 * The candidate and the baseline see the same conditions; only the candidate's own behaviour (its
 * ArmModel) differs. Arrays hold one value per second of the release's judged span.
 */
export interface Environment {
  /** Total traffic as a multiple of the run's rate. */
  load: Float64Array;
  /** Shared latency multiplier. */
  latency: Float64Array;
  /** Shared extra failure probability (on top of each release's own error rate). */
  errors: Float64Array;
  /** Shared KPI multiplier (time-of-day mix). */
  conversion: Float64Array;
  /** The candidate's traffic share (canary weight). */
  share: Float64Array;
  /** Seconds at which a canary step starts, ascending, the first 0. */
  stepStarts: number[];
}

/** Second `s`'s conditions for one arm: its `share` of the traffic and what both arms share. */
export function sharedSecond(env: Environment, s: number, rate: number, share: number): SharedSecond {
  return {
    rate: rate * env.load[s]! * share,
    latency: env.latency[s]!,
    errors: env.errors[s]!,
    conversion: env.conversion[s]!,
  };
}

export interface Background {
  name: string;
  mode: 'canary' | 'blue-green';
  /** Total requests per second (default: the run's rate). */
  rate?: number;
  /** KPI events fed back late and for only some requests (default: every request, at once). */
  kpiFeedback?: KpiFeedback;
  /** Judged span in seconds (default: the run's canary or blue/green horizon); blue/green: also the window before the flip. */
  horizonSec?: number;
  /** True when the canary weight steps (the judges then run twice: since the step's start and since the rollout's). */
  stepped?: boolean;
  /** This release's conditions over `seconds` seconds; `share` is the run's canary share. */
  environment(rng: Rng, seconds: number, share: number): Environment;
}

function constant(seconds: number, share: number): Environment {
  return {
    load: new Float64Array(seconds).fill(1),
    latency: new Float64Array(seconds).fill(1),
    errors: new Float64Array(seconds),
    conversion: new Float64Array(seconds).fill(1),
    share: new Float64Array(seconds).fill(share),
    stepStarts: [0],
  };
}

const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
const exponential = (rng: Rng, mean: number): number => -mean * Math.log(1 - rng.next());

/** Episodes at random times: the first starts within `firstWithin` s, the next an exponential gap after each ends. */
function episodes(
  rng: Rng,
  seconds: number,
  firstWithin: number,
  meanGap: number,
  duration: () => number,
  apply: (from: number, to: number) => void,
): void {
  let t = uniform(rng, 0, firstWithin);
  while (t < seconds) {
    const from = Math.floor(t);
    const to = Math.min(seconds, from + Math.round(duration()));
    apply(from, to);
    t = to + exponential(rng, meanGap);
  }
}

export const STATIONARY: Background = {
  name: 'stationary',
  mode: 'canary',
  environment: (_rng, seconds, share) => constant(seconds, share),
};

export const STATIONARY_BLUE_GREEN: Background = { ...STATIONARY, mode: 'blue-green' };

/** Every release slows down together (a slow downstream, a noisy neighbour): ×1.2–2 for 1–10 minutes. */
export const SHARED_SLOWDOWNS: Background = {
  name: 'shared slowdowns ×1.2–2, 1–10 min',
  mode: 'canary',
  environment(rng, seconds, share) {
    const env = constant(seconds, share);
    episodes(
      rng,
      seconds,
      240,
      240,
      () => uniform(rng, 60, 600),
      (from, to) => env.latency.fill(Math.round(100 * uniform(rng, 1.2, 2)) / 100, from, to),
    );
    return env;
  },
};

/** The day compressed into the canary: load swings 3× (peak over trough), latency and the KPI follow it. */
export const DIURNAL_PERIOD_SEC = 1800;
export const DIURNAL: Background = {
  name: 'diurnal 3× load swing',
  mode: 'canary',
  environment(rng, seconds, share) {
    const env = constant(seconds, share);
    const phase = uniform(rng, 0, 2 * Math.PI);
    for (let t = 0; t < seconds; t++) {
      const wave = Math.sin((2 * Math.PI * t) / DIURNAL_PERIOD_SEC + phase);
      // Geometric swing: √3 at the peak, 1/√3 at the trough.
      const load = Math.exp((Math.log(3) / 2) * wave);
      env.load[t] = load;
      // Busy hours are slower (×0.87–1.15) and convert differently (±10 %), for every release alike.
      env.latency[t] = Math.round(100 * Math.pow(load, 0.25)) / 100;
      env.conversion[t] = 1 + 0.1 * Math.sin((2 * Math.PI * t) / DIURNAL_PERIOD_SEC + phase + 1);
    }
    return env;
  },
};

/** Errors come in shared bursts: 3 % of every release's requests fail for 2 minutes. */
export const ERROR_BURSTS: Background = {
  name: 'shared error bursts 3 %, 2 min',
  mode: 'canary',
  environment(rng, seconds, share) {
    const env = constant(seconds, share);
    episodes(
      rng,
      seconds,
      300,
      300,
      () => 120,
      (from, to) => env.errors.fill(0.03, from, to),
    );
    return env;
  },
};

/** The seed's canary schedule, five minutes a step, the last held to the end. */
export const WEIGHT_STEPS = [0.01, 0.05, 0.25, 0.5];
export const STEP_SEC = 300;
/** Incident length: it starts 30–90 s before a step change (chosen at random) and spans it. */
export const INCIDENT_SEC = 180;

/**
 * Weights step 1 → 5 → 25 → 50 % while a shared incident (3 % of every release's requests fail)
 * spans one of the steps. Errors only: a shared slowdown has its own background, and this one
 * isolates what `since` does (judged from the rollout's start, the step mixes the candidate's
 * incident-heavy seconds with the baseline's calm ones).
 */
export const WEIGHT_STEPS_INCIDENT: Background = {
  name: 'weight steps 1→5→25→50 % during a shared incident',
  mode: 'canary',
  stepped: true,
  environment(rng, seconds) {
    const env = constant(seconds, WEIGHT_STEPS[0]!);
    env.stepStarts = WEIGHT_STEPS.map((_, i) => i * STEP_SEC).filter((t) => t < seconds);
    env.stepStarts.forEach((from, i) => env.share.fill(WEIGHT_STEPS[i]!, from));
    const changes = env.stepStarts.slice(1);
    if (changes.length > 0) {
      const step = changes[Math.floor(rng.next() * changes.length)]!;
      const from = Math.max(0, step - Math.round(uniform(rng, 30, 90)));
      env.errors.fill(0.03, from, Math.min(seconds, from + INCIDENT_SEC));
    }
    return env;
  },
};

/** Night: 20 req/s over both releases, so a 5 % canary gets one request a second. */
export const NIGHT: Background = { ...STATIONARY, name: 'night traffic, 20 req/s', rate: 20 };

/** KPI feedback arrives 30–300 s after the request and from half the requests (blue/green, 30 min each side). */
export const KPI_DELAYED: Background = {
  ...STATIONARY_BLUE_GREEN,
  name: 'KPI feedback 30–300 s late, from 1 request in 2',
  kpiFeedback: { share: 0.5, minDelaySec: 30, maxDelaySec: 300 },
  horizonSec: 1800,
};

export const CANARY_BACKGROUNDS: readonly Background[] = [
  SHARED_SLOWDOWNS,
  DIURNAL,
  ERROR_BURSTS,
  WEIGHT_STEPS_INCIDENT,
  NIGHT,
];
