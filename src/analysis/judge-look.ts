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
import type { ReleaseWindow } from '../telemetry/types.js';

/** A second round holds every read the data can lead to (judge-needs.ts); a third is a bug. */
const ROUNDS = 2;

export async function judgeLook(
  judge: Judge,
  provider: MetricProvider,
  input: JudgeInput,
): Promise<Decision> {
  const counted = countingGateways(provider, input);
  let windows = await readWindows(counted.provider, judge.needs(input));
  for (let round = 1; ; round++) {
    const look = attempt(judge, input, windows, round);
    if ('decision' in look) {
      const gateways = counted.gateways();
      return gateways === undefined ? look.decision : { ...look.decision, gateways };
    }
    windows = await readWindows(counted.provider, look.more, windows);
  }
}

/** `provider`, noting the most gateways any window of the candidate it answers merged. */
function countingGateways(
  provider: MetricProvider,
  input: JudgeInput,
): { provider: MetricProvider; gateways: () => number | undefined } {
  let most: number | undefined;
  const note = (w: ReleaseWindow): void => {
    if (w.release === input.candidate && w.gateways !== undefined) most = Math.max(most ?? 0, w.gateways);
  };
  return {
    provider: {
      name: provider.name,
      window: async (q) => {
        const w = await provider.window(q);
        note(w);
        return w;
      },
      series: async (q) => {
        const ws = await provider.series(q);
        ws.forEach(note);
        return ws;
      },
    },
    gateways: () => most,
  };
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
