/**
 * The judge's checkpoint-restart mixture (src/stats/checkpoint-mixture.ts for why it is valid):
 * a trigger's always-valid test runs from the start of the step with half the weight, and again
 * from a checkpoint every 5 s with weights (1/2)/(k(k + 1)), so a fault after healthy seconds is
 * judged on the data since the checkpoint before it instead of diluted by all of the step.
 */
import { CheckpointSchedule, mixtureLogE } from '../stats/index.js';
import type { CheckpointState, TriggerState } from './judge-snapshot.js';
import type { RestartableTest } from './judges/types.js';
import { unpackCounts, type PackedCounts } from './packed-counts.js';

/**
 * 5 s apart: simulated at a 5 % canary of 500 req/s (errors 0.3 % → 5 %), 3 s and 5 s spacing
 * find a fault 7–13 s after a healthy step start equally fast, 10 s and 20 s up to 2 s later.
 * The last 6 checkpoints (30 s) stay live, plus 6 older ones at power-of-two indices, so a trigger
 * keeps at most 12 restarted tests however long it watches.
 *
 * Weights offset by 12 checkpoints (a minute): a fault within the first minute of a step is found
 * by the step-start test nearly as fast, so weight moves from those checkpoints to later ones (a
 * checkpoint at 3 minutes costs 5.9 nats of evidence instead of 7.9). Simulated (bench/decisions,
 * p95 +40 % with onset 1–5 minutes into a 5 % canary, 50 releases each): shared slowdowns 24 → 23
 * s, diurnal 29 → 24 s, error bursts 25 → 22 s, after 2 healthy minutes 20 → 15 s, night
 * 921 → 859 s; a fault from the first second, 10 s either way.
 */
export const CHECKPOINTS = new CheckpointSchedule({
  intervalMs: 5000,
  startWeight: 0.5,
  offset: 12,
  recent: 6,
  trail: 6,
});

/**
 * CHECKPOINTS for a test that reads few observations a step (a 5 % canary at night gets about a
 * request a second): a checkpoint also waits for `every` observations since the latest one, and
 * carries the weight of every 5 s slot since it (CheckpointSchedule.weightOver). Where traffic
 * fills every slot it is CHECKPOINTS exactly; at night the weight goes to checkpoints that hold
 * data instead of spreading over near-empty ones. One schedule per count, built once.
 */
export function countedCheckpoints(every: number): CheckpointSchedule {
  let schedule = COUNTED.get(every);
  if (!schedule) {
    schedule = new CheckpointSchedule({
      intervalMs: CHECKPOINTS.intervalMs,
      startWeight: CHECKPOINTS.startWeight,
      offset: CHECKPOINTS.offset,
      recent: CHECKPOINTS.recent,
      trail: CHECKPOINTS.trail,
      countPerCheckpoint: every,
    });
    COUNTED.set(every, schedule);
  }
  return schedule;
}
const COUNTED = new Map<number, CheckpointSchedule>();

/** A test's observations since the step start, and how many a checkpoint waits for (countedCheckpoints). */
export interface CheckpointCount {
  seen: number;
  every: number;
}

export interface MixtureReading {
  /** ln of the mixture's e-value at this look. */
  logE: number;
  /** Start (epoch ms) of the checkpoint holding the most weighted evidence, when one outweighs the step-start test. */
  leadingAt?: number | undefined;
}

/**
 * Starts the checkpoint due at `now` (at most one per look: a slot without a look is skipped, its
 * weight unused) with `mark()` as its statistics, and drops the ones the schedule no longer keeps
 * (their weight is lost, which stays conservative). Returns the live checkpoints, oldest first.
 * On a count-gated schedule `count` is the observations since the step start; a checkpoint then
 * keeps it and the weight of every slot since the latest one. A state resumed without its
 * checkpoints (an older snapshot) cannot tell which slots were used: its next checkpoint takes
 * its own slot's weight alone.
 */
export function advanceCheckpoints(
  state: TriggerState,
  since: number,
  now: number,
  mark: () => number[] | PackedCounts,
  schedule: CheckpointSchedule = CHECKPOINTS,
  count?: number,
): CheckpointState[] {
  let checkpoints: CheckpointState[] = state.checkpoints ?? [];
  const last = checkpoints[checkpoints.length - 1];
  const index = schedule.next(since, now, last, count);
  if (index !== undefined) {
    const started: CheckpointState = { index, at: now, mark: mark() };
    if (schedule.countPerCheckpoint > 0) {
      const after = last?.index ?? (state.checkpoints === undefined ? index - 1 : 0);
      started.count = count;
      started.weight = schedule.weightOver(after, index);
    }
    checkpoints = [...checkpoints, started];
  }
  const kept = schedule.keep(checkpoints.map((c) => c.index));
  checkpoints = checkpoints.filter((c) => kept.has(c.index));
  state.checkpoints = checkpoints;
  return checkpoints;
}

/**
 * Advances the checkpoints and mixes the step-start test's log e-value with the restarted tests'.
 * With `count` they follow countedCheckpoints(count.every), each also waiting for observations.
 */
export function mixCheckpoints(
  state: TriggerState,
  test: RestartableTest,
  stepLogE: number,
  since: number,
  now: number,
  count?: CheckpointCount,
): MixtureReading {
  const schedule = count === undefined ? CHECKPOINTS : countedCheckpoints(count.every);
  const checkpoints = advanceCheckpoints(state, since, now, () => [...test.mark], schedule, count?.seen);
  const startTerm = { weight: schedule.weight(0), logE: stepLogE };
  let leadingAt: number | undefined;
  let best = Math.log(startTerm.weight) + stepLogE;
  const terms = [startTerm];
  for (const c of checkpoints) {
    // A restartable test's marks are kept as given; packed ones come from a spent test's state.
    const mark = typeof c.mark === 'string' ? Array.from(unpackCounts(c.mark)) : c.mark;
    const r = test.since(mark, now - c.at);
    const weight = c.weight ?? schedule.weight(c.index);
    terms.push({ weight, logE: r.logE });
    const weighted = Math.log(weight) + r.logE;
    if (weighted > best) {
      best = weighted;
      leadingAt = c.at;
    }
  }
  return { logE: mixtureLogE(terms), leadingAt };
}
