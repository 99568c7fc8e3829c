/**
 * Which gateways recorded traffic for each release, and in which seconds: the control plane's
 * answer to "how many gateways does this window merge". Kept as runs of consecutive seconds per
 * (model, release, gateway), so a gateway serving steadily costs one run, not one entry a second;
 * runs that left the rolling window are dropped, and so is a gateway with none left.
 */

interface Run {
  from: number;
  /** Last second of the run (inclusive). */
  to: number;
}

/** A gateway's runs for one release, oldest first, never touching one another. */
type Runs = Run[];

/** Runs kept per (release, gateway): a gateway with traffic every other second keeps the newest ones. */
const MAX_RUNS = 512;

export class FleetContributors {
  private readonly byRelease = new Map<string, Map<string, Runs>>();
  private lastSweep = 0;

  constructor(
    /** Seconds of history kept (the telemetry's rolling window). */
    private readonly windowSeconds: number,
  ) {}

  /** Gateway `gateway` recorded traffic for (model, release) during second `sec` (epoch s). */
  note(gateway: string, model: string, release: string, sec: number): void {
    const key = `${model}\u0000${release}`;
    let gateways = this.byRelease.get(key);
    if (!gateways) this.byRelease.set(key, (gateways = new Map()));
    let runs = gateways.get(gateway);
    if (!runs) gateways.set(gateway, (runs = []));
    const last = runs.at(-1);
    if (last && sec >= last.from && sec <= last.to + 1) {
      if (sec > last.to) last.to = sec;
      return;
    }
    if (last && sec < last.from) {
      insertRun(runs, sec);
      return;
    }
    runs.push({ from: sec, to: sec });
    if (runs.length > MAX_RUNS) runs.shift();
  }

  /** Gateways with traffic for (model, release) in seconds s where from ≤ s·1000 < to. */
  count(model: string, release: string, from: number, to: number): number {
    const gateways = this.byRelease.get(`${model}\u0000${release}`);
    if (!gateways) return 0;
    const lo = Math.ceil(from / 1000);
    const hi = Math.ceil(to / 1000) - 1;
    let n = 0;
    for (const runs of gateways.values()) if (runs.some((r) => r.to >= lo && r.from <= hi)) n++;
    return n;
  }

  /** Drops runs older than the window at `nowSec`; call it now and then (cheap when not due). */
  sweep(nowSec: number): void {
    if (nowSec - this.lastSweep < 60) return;
    this.lastSweep = nowSec;
    const oldest = nowSec - this.windowSeconds;
    for (const [key, gateways] of this.byRelease) {
      for (const [gateway, runs] of gateways) {
        while (runs.length > 0 && runs[0]!.to < oldest) runs.shift();
        if (runs.length === 0) gateways.delete(gateway);
      }
      if (gateways.size === 0) this.byRelease.delete(key);
    }
  }
}

/** A second older than the newest run: merged into the run holding or touching it, else its own run. */
function insertRun(runs: Runs, sec: number): void {
  let i = runs.length - 1;
  while (i >= 0 && runs[i]!.from > sec) i--;
  const before = i >= 0 ? runs[i] : undefined;
  const after = runs[i + 1];
  if (before && sec <= before.to + 1) {
    before.to = Math.max(before.to, sec);
  } else if (after && sec === after.from - 1) {
    after.from = sec;
  } else {
    runs.splice(i + 1, 0, { from: sec, to: sec });
    if (runs.length > MAX_RUNS) runs.shift();
    return;
  }
  // Two runs that now touch become one.
  const merged = before && after && before.to + 1 >= after.from;
  if (merged) {
    before.to = Math.max(before.to, after.to);
    runs.splice(i + 1, 1);
  }
}
