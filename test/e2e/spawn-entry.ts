/** Starts a TypeScript entry script as a child process (`node --import tsx`) and reads its first JSON line. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface SpawnedEntry<T> {
  child: ChildProcess;
  /** The first line the entry printed, parsed. */
  ready: T;
  /** Every line the entry printed so far (the first is the ready line). */
  lines: string[];
  /** Resolves when the child has exited. */
  exited: Promise<void>;
}

export async function spawnEntry<T>(
  script: URL,
  args: string[],
  timeoutMs = 20_000,
): Promise<SpawnedEntry<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script.pathname, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  const exited = once(child, 'exit').then(() => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const lines: string[] = [];
  const firstLine = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve(line);
    });
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const first = await Promise.race([
      firstLine,
      exited.then(() => {
        throw new Error(`${script.pathname} exited before it was ready: ${stderr}`);
      }),
    ]);
    return { child, ready: JSON.parse(first) as T, lines, exited };
  } finally {
    clearTimeout(timer);
  }
}
