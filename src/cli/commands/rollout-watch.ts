/**
 * `rollout status --watch`: the on-call's terminal. Prints each step, action and incident line,
 * each trigger's reading whenever it changes (not only the step lines), a timed pause's
 * countdown; with `-o json`, one JSON object per line per event instead. Exits 0 when the
 * rollout completes (or its rollback is verified... as a failure: see below), non-zero when it
 * ends RolledBack, Aborted or Blocked (1) or when `--timeout` runs out first (124), so CI can
 * gate on it.
 */
import type { Decision, TriggerReading } from '../../analysis/judge.js';
import { parseDuration } from '../../core/duration.js';
import type { RolloutDocument } from '../../controller/rollout-state.js';
import type { ApiClient } from '../api-client.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { ExitStatusError } from '../exit-status.js';

export type RolloutView = RolloutDocument & { name: string; revision: number };

/** Phases a watch ends on, and whether that end is a failure for the exit code. */
const ENDS: Record<string, boolean> = { Completed: false, RolledBack: true, Aborted: true, Blocked: true };

export const TIMEOUT_EXIT_CODE = 124;

interface StreamEvent {
  at: number;
  type: string;
  message: string;
  phase?: string;
  decision?: Decision;
}

/** Milliseconds left in a timed canary pause, or undefined when the rollout is not in one. */
export function pauseLeft(view: RolloutView, now: number): number | undefined {
  const step = view.spec.canary?.steps[view.status.stepIndex];
  if (!step || !('pause' in step) || !step.pause.duration) return undefined;
  if (view.status.phase !== 'Progressing' && view.status.phase !== 'Paused') return undefined;
  return Math.max(0, view.status.stepStartedAt + parseDuration('pause', step.pause.duration) - now);
}

function readingLine(reading: TriggerReading): string {
  const tag = reading.severity === 'observe' ? `observe ${reading.status}` : reading.status;
  return `    [${tag}] ${reading.trigger}: ${reading.message}`;
}

export interface WatchOptions {
  json: boolean;
  timeout?: string | undefined;
  describe(view: RolloutView): string;
}

export async function watchRollout(
  client: ApiClient,
  name: string,
  context: CliContext,
  options: WatchOptions,
): Promise<void> {
  let timeoutMs: number | undefined;
  if (options.timeout !== undefined) {
    try {
      timeoutMs = parseDuration('--timeout', options.timeout);
    } catch {
      throw new UsageError(`--timeout takes a duration such as 30s, 5m or 1h (got "${options.timeout}")`);
    }
  }
  const out = context.io.stdout;
  const emit = (event: Record<string, unknown>): void => out(`${JSON.stringify(event)}\n`);
  const abort = new AbortController();
  const shown = new Map<string, string>();
  let view: RolloutView | undefined;
  let countdown: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timer =
    timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), abort.abort()), timeoutMs);

  const showPause = (): void => {
    if (!view) return;
    const left = pauseLeft(view, Date.now());
    if (left === undefined) return;
    if (options.json) emit({ type: 'pause', rollout: name, at: Date.now(), remainingMs: left });
    else
      out(
        `${new Date().toISOString()}  pause    ${Math.ceil(left / 1000)} s left at step ${view.status.stepIndex + 1}\n`,
      );
  };
  const refresh = async (): Promise<void> => {
    view = await client.get<RolloutView>(`/rollouts/${encodeURIComponent(name)}`);
    if (countdown) clearInterval(countdown);
    countdown = undefined;
    if (pauseLeft(view, Date.now()) !== undefined) {
      showPause();
      countdown = setInterval(showPause, 5_000);
    }
  };
  /** Prints the readings that changed since last shown; returns how many. */
  const readings = (at: number, decision: Decision | undefined): void => {
    for (const reading of decision?.readings ?? []) {
      const said = `${reading.status} ${reading.message}`;
      if (shown.get(reading.trigger) === said) continue;
      shown.set(reading.trigger, said);
      if (options.json) emit({ type: 'reading', rollout: name, at, ...reading });
      else out(`${readingLine(reading)}\n`);
    }
  };

  let ended: string | undefined;
  try {
    for await (const event of client.stream(`/rollouts/${encodeURIComponent(name)}/events`, abort.signal)) {
      if (event.event === 'rollout') {
        const first = JSON.parse(event.data) as RolloutView;
        view = first;
        if (options.json) emit({ type: 'rollout', ...first });
        else out(options.describe(first));
        readings(first.status.stepStartedAt, first.status.lastDecision);
        await refresh();
        if (settled(first)) {
          ended = first.status.phase;
          break;
        }
        continue;
      }
      const data = JSON.parse(event.data) as StreamEvent;
      if (options.json) {
        const { decision, ...rest } = data;
        emit({ ...rest, ...(decision ? { verdict: decision.verdict, reason: decision.reason } : {}) });
      } else if (data.type !== 'decision') {
        out(`${new Date(data.at).toISOString()}  ${data.type.padEnd(8)} ${data.message}\n`);
      } else {
        out(`${new Date(data.at).toISOString()}  decision ${data.message}\n`);
      }
      readings(data.at, data.decision);
      if (data.type === 'step' || data.type === 'phase') await refresh();
      if (view && settled(view)) {
        ended = view.status.phase;
        break;
      }
      if (/recovery verified|escalating/.test(data.message)) {
        ended = 'RolledBack';
        break;
      }
    }
  } catch (error) {
    if (!timedOut) throw error;
  } finally {
    abort.abort();
    if (timer) clearTimeout(timer);
    if (countdown) clearInterval(countdown);
  }
  if (timedOut)
    throw new ExitStatusError(
      `rollout ${name} still ${view?.status.phase ?? 'running'} after --timeout ${options.timeout}`,
      TIMEOUT_EXIT_CODE,
    );
  if (ended !== undefined && ENDS[ended])
    throw new ExitStatusError(`rollout ${name} ended ${ended}: ${view?.status.message ?? ''}`, 1);
}

/** True once the rollout reached an end the watch stops at (a rollback once verification ended). */
function settled(view: RolloutView): boolean {
  const phase = view.status.phase;
  if (!(phase in ENDS)) return false;
  return phase !== 'RolledBack' || view.status.rollback?.verification !== 'pending';
}
