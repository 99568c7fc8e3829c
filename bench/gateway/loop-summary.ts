/** What bench/gateway/loop-monitor.ts writes once a second, and profile.ts's summary of a run of it. */

export interface LoopSecond {
  /** Seconds since the monitor started. */
  t: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** Per GC kind: pauses in this second, their total and longest (ms). */
  gc: Record<string, { n: number; ms: number; maxMs: number }>;
  /** Pauses of 1 ms or more: [start ms since the monitor began, duration ms, kind]. */
  longGc: [number, number, string][];
  /** Share of one core this process used (user + system), 0..cores. */
  ownCpu: number;
  /** Share of the machine's cores busy (all processes), 0..1. */
  machineBusy: number;
}

/** The paced run's seconds as the target saw them: loop delay, GC pauses by kind, CPU. */
export function summariseLoop(text: string): string {
  const seconds = [...text.matchAll(/^loop (.*)$/gm)].map((m) => JSON.parse(m[1]!) as LoopSecond);
  if (seconds.length === 0) return 'loop monitor: no samples';
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const gc = new Map<string, { n: number; ms: number; maxMs: number }>();
  for (const s of seconds)
    for (const [kind, g] of Object.entries(s.gc)) {
      const t = gc.get(kind) ?? { n: 0, ms: 0, maxMs: 0 };
      gc.set(kind, { n: t.n + g.n, ms: t.ms + g.ms, maxMs: Math.max(t.maxMs, g.maxMs) });
    }
  const slow = seconds.filter((s) => s.delayP99Ms > 5);
  const lines = [
    `loop monitor over ${seconds.length} s: event-loop delay p99 per second median ${median(seconds.map((s) => s.delayP99Ms))} ms, ` +
      `worst ${Math.max(...seconds.map((s) => s.delayP99Ms))} ms, longest delay ${Math.max(...seconds.map((s) => s.delayMaxMs))} ms; ` +
      `own CPU median ${median(seconds.map((s) => s.ownCpu))} core, machine busy median ${median(seconds.map((s) => s.machineBusy))}`,
    `  GC: ${[...gc].map(([k, g]) => `${k} ${g.n}× ${g.ms.toFixed(0)} ms (longest ${g.maxMs.toFixed(2)})`).join(', ')}`,
    `  seconds with delay p99 > 5 ms: ${slow.length}` +
      (slow.length > 0
        ? ` (machine busy median ${median(slow.map((s) => s.machineBusy))}, own CPU median ${median(slow.map((s) => s.ownCpu))}, ` +
          `with a GC pause >= 2 ms: ${slow.filter((s) => s.longGc.some((g) => g[1] >= 2)).length})`
        : ''),
  ];
  return lines.join('\n');
}
