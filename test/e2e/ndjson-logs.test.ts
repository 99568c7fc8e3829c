/**
 * With JSON logging, `up` and `gateway` write NDJSON only: every line of a real run's stdout and
 * stderr parses as a JSON object, lifecycle lines ("listening on …", "stopped") included.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ENTRY = new URL('../faults/cli-entry.ts', import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`no ${pattern} in stdout:\n${out}\nstderr:\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

async function stop(run: Run): Promise<void> {
  if (run.child.exitCode !== null) return;
  const exited = once(run.child, 'exit');
  run.child.kill('SIGTERM');
  await exited;
}

function everyLineJson(text: string, stream: string): Record<string, unknown>[] {
  const lines = text.split('\n').filter((line) => line !== '');
  return lines.map((line) => {
    let record: unknown;
    expect(() => (record = JSON.parse(line)), `${stream} line is not JSON: ${line}`).not.toThrow();
    expect(typeof record, `${stream} line is not an object: ${line}`).toBe('object');
    return record as Record<string, unknown>;
  });
}

const runs: Run[] = [];
afterAll(async () => {
  for (const run of runs) await stop(run);
});

describe('JSON logging', () => {
  it('up and gateway write only NDJSON on stdout and stderr', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ripcord-ndjson-'));
    const up = start(['up', '--data', data, '--port', '0', '--gateway-port', '0', '--log-level', 'debug'], {
      RIPCORD_LOG_FORMAT: 'json',
    });
    runs.push(up);
    const planeUrl = (await up.waitFor(/control plane listening on (http:\/\/[^\s"]+)/))[1]!;
    await up.waitFor(/admin token created/);
    expect((await fetch(`${planeUrl}/healthz`)).status).toBeLessThan(500);

    const gateway = start([
      'gateway',
      '--data',
      data,
      '--control-plane',
      planeUrl,
      '--port',
      '0',
      '--log-format',
      'json',
    ]);
    runs.push(gateway);
    await gateway.waitFor(/gateway on (http:\/\/[^\s"]+) following/);
    await stop(gateway);
    await stop(up);

    const upOut = everyLineJson(up.stdout(), 'up stdout');
    const upErr = everyLineJson(up.stderr(), 'up stderr');
    expect(upOut.map((r) => r['msg'])).toContain('stopped');
    expect(upErr.length).toBeGreaterThan(0);
    const gatewayOut = everyLineJson(gateway.stdout(), 'gateway stdout');
    everyLineJson(gateway.stderr(), 'gateway stderr');
    expect(gatewayOut.some((r) => /^gateway on http/.test(String(r['msg'])))).toBe(true);
  });

  it('text logging writes readable lines instead (the check above can fail)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'ripcord-text-'));
    const up = start(['up', '--data', data, '--port', '0', '--gateway-port', '0', '--log-format', 'text']);
    runs.push(up);
    await up.waitFor(/admin token created/);
    await stop(up);
    expect(up.stdout()).toMatch(/^ripcord control plane listening on http/m);
    expect(up.stderr()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}control plane listening url=http/m);
  });
});
