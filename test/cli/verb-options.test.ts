/**
 * Every option a verb lists in its --help reaches that verb, and the verbs that run servers do
 * what their options say (data directory, token, ports).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../src/cli/main.js';
import { standardPlugins } from '../../src/server/standard-plugins.js';
import { startControlPlane } from '../../src/server/start-control-plane.js';
import type { ControlPlane } from '../../src/server/start-control-plane.js';

const silent = { stdout: () => undefined, stderr: () => undefined };

function leaves(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  if (command.commands.length === 0) return [{ path, command }];
  return command.commands.flatMap((child) => leaves(child, [...path, child.name()]));
}

/** Values that satisfy each option's parser; the first one that parses is used. */
const CANDIDATES = [
  '3',
  '3,4',
  '0.25',
  'json',
  'debug',
  'viewer',
  'release-a=5',
  '2026-01-01T00:00:00Z',
  '90s',
  'x',
];

async function parsesWith(path: string[], args: string[]): Promise<Record<string, unknown> | undefined> {
  const program = await buildProgram(silent);
  let seen: Record<string, unknown> | undefined;
  const target = leaves(program).find((l) => l.path.join(' ') === path.join(' '))!.command;
  target.action((...actionArgs: unknown[]) => {
    seen = (actionArgs.at(-1) as Command).opts();
  });
  try {
    await program.parseAsync(['node', 'ripcord', ...path, ...args]);
  } catch {
    return undefined;
  }
  return seen;
}

const wholeProgram = await buildProgram(silent);

describe('every option in a verb’s --help reaches the verb', () => {
  const program = wholeProgram;
  for (const { path, command } of leaves(program)) {
    it(`ripcord ${path.join(' ')}`, async () => {
      const positional = command.registeredArguments.map((a) => (a.variadic ? 'x' : 'x'));
      const required = command.options
        .filter((o) => o.mandatory)
        .flatMap((o) => [o.long!, 'http://127.0.0.1:1']);
      for (const option of command.options) {
        if (option.long === '--help') continue;
        const key = option.attributeName();
        let received: unknown;
        const values = option.required || option.optional ? CANDIDATES : [undefined];
        for (const value of values) {
          const given = value === undefined ? [option.long!] : [option.long!, value];
          const others = option.mandatory ? [] : required;
          const opts = await parsesWith(path, [...positional, ...others, ...given]);
          if (opts && opts[key] !== undefined && opts[key] !== option.defaultValue) {
            received = opts[key];
            break;
          }
        }
        expect(received, `ripcord ${path.join(' ')} ${option.long}`).toBeDefined();
      }
    });
  }
});

async function takenPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('ripcord up', () => {
  it('keeps its database and credentials in --data, not ./.ripcord', async () => {
    const cwd = process.cwd();
    const work = mkdtempSync(join(tmpdir(), 'ripcord-up-cwd-'));
    const data = join(work, 'elsewhere');
    process.chdir(work);
    try {
      let stdout = '';
      const code = await main(
        [
          'node',
          'ripcord',
          'up',
          '--data',
          data,
          '--port',
          '0',
          '--gateway-port',
          '0',
          '--log-level',
          'silent',
        ],
        { stdout: (t) => (stdout += t), stderr: () => undefined, untilSignal: () => Promise.resolve() },
      );
      expect(code, stdout).toBe(0);
      expect(existsSync(join(data, 'ripcord.db'))).toBe(true);
      expect(existsSync(join(data, 'credentials'))).toBe(true);
      expect(existsSync(join(work, '.ripcord'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 1 naming the port when its gateway port is taken, and leaves nothing listening', async () => {
    const taken = await takenPort();
    const api = await takenPort();
    await api.release(); // a free port for the API, to check it is free again afterwards
    let stderr = '';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const run = main(
      [
        'node',
        'ripcord',
        'up',
        '--data',
        mkdtempSync(join(tmpdir(), 'ripcord-up-')),
        '--port',
        String(api.port),
        '--gateway-port',
        String(taken.port),
        '--log-level',
        'silent',
      ],
      { stdout: () => undefined, stderr: (t) => (stderr += t), untilSignal: () => stopped },
    );
    const code = await Promise.race([run, new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    stop();
    await taken.release();
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`gateway did not start: port .*:${taken.port} is already in use`));
    expect(stderr).toContain('--gateway-port');
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(api.port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });
});

describe('ripcord gateway', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane({
      dataDir: mkdtempSync(join(tmpdir(), 'ripcord-gw-')),
      port: 0,
      plugins: standardPlugins({ gateway: { port: 0 } }).list,
    });
  });
  afterAll(async () => {
    await plane.close();
  });

  async function runGateway(token: string, runForMs: number) {
    let stdout = '';
    let stderr = '';
    const code = await main(
      [
        'node',
        'ripcord',
        '--token',
        'not-this-one',
        'gateway',
        '--control-plane',
        plane.url,
        '--token',
        token,
        '--data',
        mkdtempSync(join(tmpdir(), 'ripcord-gw-none-')),
        '--port',
        '0',
      ],
      {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        untilSignal: () => new Promise((r) => setTimeout(r, runForMs)),
      },
    );
    return { code, stdout, stderr };
  }

  it('follows the control plane with the --token given after the verb', async () => {
    const { token } = await plane.registry.createToken('gw', 'viewer', { actor: 'test' });
    const run = await runGateway(token, 300);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/gateway on http:\/\/127\.0\.0\.1:\d+ following/);
    expect(run.stderr).toBe('');
  });

  it('refuses to start, saying why, when the control plane refuses its token', async () => {
    const run = await Promise.race([
      runGateway('rc_revoked_or_wrong', 2_000),
      new Promise<{ code: string }>((r) => setTimeout(() => r({ code: 'still running' }), 10_000)),
    ]);
    expect(run).toMatchObject({ code: 1 });
    expect((run as { stderr: string }).stderr).toMatch(/refused the token \(401\)/);
  });
});
