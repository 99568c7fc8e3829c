/**
 * A real Prometheus for the suites: started on a free loopback port with its own temp directory,
 * scraping the targets given, queried over its HTTP API, stopped (by its pid) when done. Also
 * `promtool` runs over text given on stdin or files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { realTool } from '../support/real-tool.js';

export const prometheusTool = realTool('prometheus', 'apt-get install prometheus');
export const promtoolTool = realTool('promtool', 'apt-get install prometheus');

export interface ScrapeTarget {
  job: string;
  /** http://127.0.0.1:PORT */
  url: string;
  metricsPath?: string;
  bearerToken?: string;
}

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface RunningPrometheus {
  url: string;
  dir: string;
  query(promql: string): Promise<PromSample[]>;
  /** Polls `query` until `accept` holds (or throws after `timeoutMs`, with the last answer). */
  waitFor(promql: string, accept: (r: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startPrometheus(options: {
  targets: ScrapeTarget[];
  scrapeInterval?: string;
  ruleFiles?: string[];
  /** Extra flags (e.g. --storage.tsdb.retention.time). */
  args?: string[];
  /** Use this data directory (a TSDB built by promtool) instead of a fresh one. */
  dataDir?: string;
}): Promise<RunningPrometheus> {
  if (!prometheusTool.path) throw new Error('prometheus not installed');
  const dir = mkdtempSync(join(tmpdir(), 'ripcord-prom-'));
  const interval = options.scrapeInterval ?? '1s';
  const jobs = options.targets.map((t, i) => {
    const tokenFile = join(dir, `token-${i}`);
    if (t.bearerToken) writeFileSync(tokenFile, t.bearerToken, { mode: 0o600 });
    return [
      `  - job_name: ${JSON.stringify(t.job)}`,
      `    scrape_interval: ${interval}`,
      `    metrics_path: ${JSON.stringify(t.metricsPath ?? '/metrics')}`,
      ...(t.bearerToken
        ? ['    authorization:', `      credentials_file: ${JSON.stringify(tokenFile)}`]
        : []),
      '    static_configs:',
      `      - targets: [${JSON.stringify(new URL(t.url).host)}]`,
    ].join('\n');
  });
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles?.length
      ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)]
      : []),
    'scrape_configs:',
    ...(jobs.length ? jobs : ['  []']),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config.replace('scrape_configs:\n  []', 'scrape_configs: []'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    prometheusTool.path,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.dataDir ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`prometheus not ready in 20 s: ${stderr}`);
    }
    await sleep(100);
  }
  const query = async (promql: string): Promise<PromSample[]> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.status}`);
    const data = body.data!;
    if (data.resultType !== 'vector') throw new Error(`query ${promql}: ${data.resultType}, not a vector`);
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };
  return {
    url,
    dir,
    query,
    async waitFor(promql, accept, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: PromSample[] = [];
      for (;;) {
        last = await query(promql);
        if (accept(last)) return last;
        if (Date.now() > until)
          throw new Error(`${promql} did not reach the expected answer: ${JSON.stringify(last)}`);
        await sleep(250);
      }
    },
    close,
  };
}

/** Runs promtool; `stdin` is piped in (for `check metrics`). */
export function promtool(args: string[], stdin?: string): { status: number; output: string } {
  if (!promtoolTool.path) throw new Error('promtool not installed');
  const r = spawnSync(promtoolTool.path, args, { input: stdin ?? '', encoding: 'utf8', timeout: 30_000 });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds per release from a `by (release)` answer. */
export const byRelease = (r: PromSample[]): Record<string, number> =>
  Object.fromEntries(r.map((s) => [s.metric['release'] ?? '', s.value]));
