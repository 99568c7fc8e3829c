/**
 * `npx ripcord demo` runs the CLI under `sh -c` below npm; killing npm (SIGTERM or SIGKILL) does
 * not reach it. The demo notices its launcher is gone and stops, freeing all of its ports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { sleep } from './fault-kit.js';

const entry = new URL('./cli-entry.ts', import.meta.url).pathname;

/** A stand-in for npm exec: a parent process that runs the command through `sh -c`. */
const LAUNCHER = `
const { spawn } = require('node:child_process');
spawn('sh', ['-c', process.argv[1]], { stdio: 'inherit', env: { ...process.env, npm_command: 'exec', npm_lifecycle_event: 'npx' } });
setInterval(() => {}, 1000);
`;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
  describe(`demo launched through a launcher that gets ${signal}`, () => {
    it('stops with it and frees its ports', async () => {
      const data = mkdtempSync(join(tmpdir(), 'ripcord-demo-launch-'));
      const command =
        `exec_node() { "${process.execPath}" "$@"; }; exec_node --import tsx ${entry} demo --data ${data} ` +
        '--port 0 --gateway-port 0 --model-ports 0,0 --rate 20';
      const launcher = spawn(process.execPath, ['-e', LAUNCHER, command], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const lines: string[] = [];
      createInterface({ input: launcher.stdout! }).on('line', (line) => lines.push(line));
      const ports: number[] = [];
      for (let i = 0; i < 600 && ports.length < 4; i += 1) {
        await sleep(100);
        const text = lines.join('\n');
        const models = /v1 on :(\d+), v2 on :(\d+)/.exec(text);
        const plane = /control plane: \S+:(\d+)\s+gateway: \S+:(\d+)/.exec(text);
        if (models && plane) ports.push(...[models[1], models[2], plane[1], plane[2]].map(Number));
      }
      expect(ports).toHaveLength(4);
      for (const port of ports) expect(await listening(port)).toBe(true);

      launcher.kill(signal);
      const freed = async () => (await Promise.all(ports.map(listening))).every((open) => !open);
      let ok = false;
      for (let i = 0; i < 100 && !ok; i += 1) {
        await sleep(100);
        ok = await freed();
      }
      expect(ok).toBe(true);
    });
  });
}
