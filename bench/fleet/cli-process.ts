/**
 * The fleet benches' real processes: `ripcord up` and `ripcord gateway` started from bin/ripcord.js
 * (the built dist/), their announced URLs, and their CPU-seconds and RSS read from /proc (the
 * process and every descendant, so a launcher's child is counted too).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/ripcord.js', import.meta.url));
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface RipcordProcess {
  child: ChildProcess;
  /** Waits for a stdout line matching `pattern` (already printed or still to come). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGKILL: no shutdown hook runs. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function spawnRipcord(
  args: string[],
  env: Record<string, string> = {},
  /** Node's own flags (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeFlags: string[] = [],
): RipcordProcess {
  const child = spawn(process.execPath, [...nodeFlags, BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RIPCORD_LOG_LEVEL: 'warn', ...env },
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals, graceMs: number): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    child,
    async line(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const l of lines) {
          const match = pattern.exec(l);
          if (match) return match;
        }
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(`ripcord ${args[0]}: no line matching ${pattern}; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: () => signal('SIGKILL', 0),
    stop: () => signal('SIGTERM', 5000),
  };
}

function descendants(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks: string;
    try {
      tasks = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of tasks.trim().split(/\s+/).filter(Boolean)) all.push(Number(child));
  }
  return all;
}

/** CPU-seconds (user + system) and RSS in bytes of `pid` and its descendants, now. */
export function processUsage(pid: number): { cpuSec: number; rssBytes: number } {
  let ticks = 0;
  let pages = 0;
  for (const p of descendants(pid)) {
    try {
      // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]);
      pages += Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { cpuSec: ticks / TICKS_PER_SECOND, rssBytes: pages * PAGE_BYTES };
}
