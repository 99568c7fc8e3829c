/**
 * What the fault-injection suites share: the real CLI in a child process, model backends whose
 * latency the test sets, the example registry pointed at them, and a closed-loop load that counts
 * every request that was sent and not answered.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { main } from '../../src/cli/main.js';

export interface CliProcess {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  /** The first stdout line matching `pattern`, waiting for it. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnCli(args: string[]): CliProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./cli-entry.ts', import.meta.url).pathname, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: Date.now(),
  }));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    async line(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = lines.map((l) => pattern.exec(l)).find((m) => m !== null);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`no line matching ${pattern} (exit ${child.exitCode}); stderr: ${stderr}`);
        await new Promise<void>((resolve) => {
          const wake = (): void => (waiters.delete(wake), resolve());
          waiters.add(wake);
          setTimeout(wake, 200);
        });
      }
    },
  };
}

export interface Backend {
  url: string;
  served: number;
  close(): Promise<void>;
}

/** A TF Serving-style model server; `delayMs` decides each request's latency. */
export async function startBackend(delayMs: () => number): Promise<Backend> {
  const backend: Backend = { url: '', served: 0, close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        backend.served++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ predictions: [{ items: ['item-1', 'item-2'] }] }));
      }, delayMs());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  backend.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return backend;
}

/** Applies the example registry with its two releases served by `v1` and `v2` (5 s timeouts). */
export async function seedRegistry(
  dataDir: string,
  v1: string,
  v2: string,
  options: { serving?: Record<string, string> } = {},
): Promise<void> {
  const example = readFileSync(new URL('../../examples/recommender/registry.yaml', import.meta.url), 'utf8');
  const file = join(dataDir, 'registry.yaml');
  const pointed = example
    .replaceAll('http://127.0.0.1:9101', v1)
    .replaceAll('http://127.0.0.1:9102', v2)
    // Room for the slow requests the suites send, and any other serving fields the suite needs.
    .replaceAll(
      /timeoutMs: \d+/g,
      ['timeoutMs: 5000', ...Object.entries(options.serving ?? {}).map(([k, v]) => `${k}: ${v}`)].join(
        '\n    ',
      ),
    );
  writeFileSync(file, pointed);
  await cli(dataDir, 'apply', '-f', file);
}

/** Runs a client verb in this process against the plane whose credentials are in `dataDir`. */
export async function cli(dataDir: string, ...args: string[]): Promise<string> {
  let out = '';
  const code = await main(['node', 'ripcord', '--data', dataDir, ...args], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
  });
  if (code !== 0) throw new Error(`ripcord ${args.join(' ')} exited ${code}: ${out}`);
  return out;
}

export interface LoadReport {
  ok: number;
  /** Sent and not answered (reset, cut), or answered with an error status. */
  failed: number;
  failures: string[];
  /** New connections refused once the server stopped listening: never sent, so not failures. */
  refused: number;
  /** Answers that took longer than 2 s. */
  slowOk: number;
}

/**
 * `concurrency` clients, each sending one request after another over keep-alive until `stop()`;
 * a client ends when the server closes its connection or refuses a new one.
 */
export function startLoad(url: string, concurrency: number) {
  const report: LoadReport = { ok: 0, failed: 0, failures: [], refused: 0, slowOk: 0 };
  let stopping = false;
  const agent = new Agent({ keepAliveTimeout: 60_000, connections: concurrency });
  const body = JSON.stringify({ instances: [{ user_id: 'u1', hour: 3 }] });
  const client = async (id: number): Promise<void> => {
    while (!stopping) {
      const started = Date.now();
      try {
        const response = await request(`${url}/v1/models/recsys:predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-user-id': `user-${id}` },
          body,
          dispatcher: agent,
        });
        await response.body.text();
        if (response.statusCode === 200) {
          report.ok++;
          if (Date.now() - started > 2_000) report.slowOk++;
        } else {
          report.failed++;
          report.failures.push(`HTTP ${response.statusCode}`);
        }
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? '';
        if (code === 'ECONNREFUSED' || cause === 'ECONNREFUSED') {
          report.refused++;
          return;
        }
        report.failed++;
        report.failures.push(`${code || cause}: ${(error as Error).message}`);
        return;
      }
    }
  };
  const clients = Array.from({ length: concurrency }, (_, i) => client(i));
  return {
    report,
    async stop(): Promise<LoadReport> {
      stopping = true;
      await Promise.all(clients);
      await agent.close();
      return report;
    },
    /** Resolves once every client has ended on its own (server gone). */
    async ended(): Promise<LoadReport> {
      await Promise.all(clients);
      await agent.close();
      return report;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
