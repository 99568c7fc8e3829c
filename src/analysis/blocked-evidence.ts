/**
 * Runs a trigger's blocked test (judges/types.ts BlockTest) over the seconds both releases served.
 * The running test of a step keeps one sum per odds ratio of its mixture; seconds older than
 * REVISE_MS are added to those sums once and for all, the newer ones are read again at every look
 * (records of slow requests and timeouts land in their arrival second a little later). A sliding
 * `over` window is a fresh test per look on blocks of max(1 s, span/60).
 */
import { sumsSince } from '../stats/index.js';
import type { ReleaseWindow } from '../telemetry/types.js';
import type { BlockState } from './judge-snapshot.js';
import type { BlockTest, RestartableTest } from './judges/types.js';

/** Seconds this recent are read again at every look instead of being committed to the sums. */
export const REVISE_MS = 10_000;
const SECOND = 1000;
/** A sliding window is cut into at most this many blocks. */
const MAX_WINDOW_BLOCKS = 60;

/** Both releases' windows, one per block of `stepMs` over [from, to), oldest first. */
export type BlockSeries = (
  from: number,
  to: number,
  stepMs: number,
) => { candidate: ReleaseWindow[]; baseline: ReleaseWindow[] };

/** A block's telemetry fault, in words, or undefined when both windows are sound. */
export type BlockCheck = (candidate: ReleaseWindow, baseline: ReleaseWindow) => string | undefined;

export type BlockedReading =
  { ok: true; logE: number; state?: BlockState; restart?: RestartableTest } | { ok: false; problem: string };

function addBlocks(
  test: BlockTest,
  sums: number[],
  series: ReturnType<BlockSeries>,
  check: BlockCheck,
  from = 0,
  until = series.candidate.length,
): string | undefined {
  for (let i = from; i < until; i++) {
    const c = series.candidate[i];
    const b = series.baseline[i];
    if (!c || !b) continue;
    const problem = check(c, b);
    if (problem) return `second starting ${new Date(c.from).toISOString()}: ${problem}`;
    test.add(sums, c, b);
  }
  return undefined;
}

/**
 * The running test of a step started at `since`: commits the seconds older than REVISE_MS into
 * the returned state, adds the newer ones for this look only, and offers the test restarted at a
 * checkpoint (its mark: the sums over every second read when the checkpoint starts; a record
 * landing later in a second before it then counts for the restarted test, a small departure from
 * the exact argument that only late records of slow requests can cause).
 */
export function runningBlocks(
  test: BlockTest,
  prior: BlockState | undefined,
  since: number,
  now: number,
  series: BlockSeries,
  check: BlockCheck,
): BlockedReading {
  const state: BlockState = resumes(prior, test.process.size)
    ? { to: prior.to, sums: [...prior.sums] }
    : { to: firstBlock(since), sums: test.process.empty() };
  const end = lastBlockEnd(now);
  const commitTo = Math.max(state.to, Math.min(end, Math.floor((now - REVISE_MS) / SECOND) * SECOND));
  const recent = test.process.empty();
  if (end > state.to) {
    const read = series(state.to, end, SECOND);
    const committed = (commitTo - state.to) / SECOND;
    const problem =
      addBlocks(test, state.sums, read, check, 0, committed) ??
      addBlocks(test, recent, read, check, committed);
    if (problem) return { ok: false, problem };
    state.to = commitTo;
  }
  const total = state.sums.map((s, j) => s + (recent[j] ?? 0));
  return {
    ok: true,
    logE: test.process.logE(total),
    state,
    restart: {
      // The seconds read so far: the restarted test covers the seconds after this look.
      mark: total,
      since: (mark) => ({ logE: test.process.logE(sumsSince(total, mark)) }),
    },
  };
}

/** A fresh test over [from, now): for sliding windows, whose evidence is not carried across looks. */
export function windowBlocks(
  test: BlockTest,
  from: number,
  now: number,
  series: BlockSeries,
  check: BlockCheck,
): BlockedReading {
  const span = now - from;
  if (!(span > 0)) return { ok: true, logE: 0 };
  const stepMs = windowBlockMs(span);
  const sums = test.process.empty();
  const problem = addBlocks(test, sums, series(from, now, stepMs), check);
  if (problem) return { ok: false, problem };
  return { ok: true, logE: test.process.logE(sums) };
}

/** Seconds one look of a step's running test reads, per release: [from, to) in 1 s blocks, or none. */
export function runningBlockSpan(
  prior: BlockState | undefined,
  processSize: number,
  since: number,
  now: number,
): { from: number; to: number; stepMs: number } | undefined {
  const from = resumes(prior, processSize) ? prior.to : firstBlock(since);
  const to = lastBlockEnd(now);
  return to > from ? { from, to, stepMs: SECOND } : undefined;
}

/** Block length of a sliding window's fresh test over `span` ms (at most MAX_WINDOW_BLOCKS blocks). */
export function windowBlockMs(span: number): number {
  return Math.max(SECOND, Math.ceil(span / MAX_WINDOW_BLOCKS / SECOND) * SECOND);
}

/** A state from another mixture (a snapshot of an older grid) is not resumed: starting over is safe. */
function resumes(prior: BlockState | undefined, processSize: number): prior is BlockState {
  return prior !== undefined && prior.sums.length === processSize;
}

const firstBlock = (since: number): number => Math.ceil(since / SECOND) * SECOND;
const lastBlockEnd = (now: number): number => Math.floor(now / SECOND) * SECOND;
