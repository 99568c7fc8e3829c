/**
 * One look of a judge through a MetricProvider: the windows it needs, read asynchronously, then
 * the pure evaluation; a look whose data leads it to windows nobody could list ahead (judge-needs.ts)
 * reads those too and evaluates again, at most once more.
 */
import type { Decision, Judge, JudgeInput } from './judge.js';
import {
  readWindows,
  readWindowsNow,
  WindowsNeeded,
  type MetricWindows,
  type SyncWindowReader,
} from './metric-windows.js';
import type { MetricProvider } from './providers/metric-provider.js';

/** A second round holds every read the data can lead to (judge-needs.ts); a third is a bug. */
const ROUNDS = 2;

export async function judgeLook(
  judge: Judge,
  provider: MetricProvider,
  input: JudgeInput,
): Promise<Decision> {
  let windows = await readWindows(provider, judge.needs(input));
  for (let round = 1; ; round++) {
    const look = attempt(judge, input, windows, round);
    if ('decision' in look) return look.decision;
    windows = await readWindows(provider, look.more, windows);
  }
}

/** A look's input with the synchronous reader it reads from (a simulation, a test's telemetry). */
export interface ReaderLook extends JudgeInput {
  reader: SyncWindowReader;
}

/**
 * The same on a synchronous reader, through exactly the windows the judge asks for: what
 * simulations and tests run, so a read that `needs` forgot fails there instead of in production.
 */
export function judgeNow(judge: Judge, { reader, ...input }: ReaderLook): Decision {
  let windows = readWindowsNow(reader, judge.needs(input));
  for (let round = 1; ; round++) {
    const look = attempt(judge, input, windows, round);
    if ('decision' in look) return look.decision;
    windows = readWindowsNow(reader, look.more, windows);
  }
}

function attempt(
  judge: Judge,
  input: JudgeInput,
  windows: MetricWindows,
  round: number,
): { decision: Decision } | { more: WindowsNeeded['requests'] } {
  try {
    return { decision: judge.evaluate(input, windows) };
  } catch (error) {
    if (error instanceof WindowsNeeded && round < ROUNDS) return { more: error.requests };
    throw error;
  }
}
