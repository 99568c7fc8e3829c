/** Parent side of the bench's child processes: model servers and the load generator. */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { FaultSpecInput } from '../../src/demo/model-server/index.js';
import type { LoadMessage, LoadReply, LoadSummary } from './load-protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ModelServers {
  v1: string;
  candidates: string[];
  close(): Promise<void>;
}

export async function startModelServers(candidates: number): Promise<ModelServers> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'model-servers.ts'), String(candidates)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const urls = await new Promise<{ v1: string; candidates: string[] }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { v1: string; candidates: string[] });
    });
    child.once('exit', (code) => reject(new Error(`model servers exited (${code}) before listening`)));
  });
  return { ...urls, close: () => terminate(child) };
}

/** Sets the faults of one model server; returns the onset as the server scheduled it (epoch ms). */
export async function setFaults(serverUrl: string, faults: FaultSpecInput[]): Promise<number> {
  const response = await request(new URL('/admin/faults', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ faults, mode: 'replace' }),
  });
  const body = (await response.body.json()) as { faults: { startsAt: number }[] };
  if (response.statusCode !== 200) throw new Error(`setting faults on ${serverUrl}: ${JSON.stringify(body)}`);
  return Math.min(...body.faults.map((f) => f.startsAt), Date.now());
}

export interface LoadGenerator {
  start(url: string, rate: number, models: string[]): void;
  stop(): Promise<LoadSummary>;
  close(): Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const child = fork(path.join(here, 'load-generator.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting: { resolve(m: LoadReply): void; reject(e: Error): void } | undefined;
  child.on('message', (m) => waiting?.resolve(m as LoadReply));
  child.once('exit', (code) => waiting?.reject(new Error(`load generator exited (${code})`)));
  const next = (): Promise<LoadReply> =>
    new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  await next();
  const send = (message: LoadMessage): void => void child.send(message);
  return {
    start: (url, rate, models) => send({ type: 'start', url, rate, models }),
    async stop() {
      const reply = next();
      send({ type: 'stop' });
      const { type: _type, ...summary } = (await reply) as Extract<LoadReply, { type: 'summary' }>;
      return summary;
    },
    close: () => terminate(child),
  };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
