import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CRASH_EXIT_CODE } from '../../../src/demo/model-server/main.js';

const entry = fileURLToPath(new URL('../../../src/demo/model-server/main.ts', import.meta.url));

describe('model-server command line', () => {
  it('listens on a free port, prints its address, serves, and exits with 70 on a crash fault', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--port', '0', '--version', 'v2', '--median-latency-ms', '1'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url, version } = JSON.parse(line) as { url: string; version: string };
      expect(version).toBe('v2');
      const res = await fetch(`${url}/v1/models/recsys:predict`, {
        method: 'POST',
        body: JSON.stringify({ instances: [{ user_id: 'u1' }] }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-model-version')).toBe('v2');
      const exited = once(child, 'exit');
      await fetch(`${url}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ faults: [{ kind: 'crash' }] }),
      });
      const [code] = (await exited) as [number];
      expect(code).toBe(CRASH_EXIT_CODE);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with a usage error naming the option on a bad number', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', 'abc'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--port must be a number/);
  });
});
