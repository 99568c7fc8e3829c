/** Closed-loop load with wrk (one thread, fixed connections and duration); parses its summary. */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const REQUEST_PATH = '/v1/models/recsys:predict';
export const REQUEST_BODY = '{"instances":[{"user_id":17,"age":31,"country":"de","recent":[3,9,27]}]}';

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function writeWrkScript(dir: string): Promise<string> {
  const file = path.join(dir, 'predict.lua');
  // 256 pre-built requests with distinct sticky keys, cycled: no per-request Lua formatting cost.
  await writeFile(
    file,
    `local reqs = {}
local n = 0
init = function(args)
  for i = 1, 256 do
    reqs[i] = wrk.format("POST", "${REQUEST_PATH}", { ["Content-Type"] = "application/json", ["x-user-id"] = "user" .. i }, '${REQUEST_BODY}')
  end
end
request = function()
  n = n % 256 + 1
  return reqs[n]
end
`,
  );
  return file;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) throw new Error(`wrk: cannot parse latency "${value}"`);
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

export async function wrk(
  port: number,
  script: string,
  opts: { connections: number; seconds: number; threads?: number },
): Promise<LoadResult> {
  const args = [
    `-t${opts.threads ?? 1}`,
    `-c${opts.connections}`,
    `-d${opts.seconds}s`,
    '--latency',
    '-s',
    script,
    `http://127.0.0.1:${port}${REQUEST_PATH}`,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args);
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
    );
  });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /^\s+50%\s+(\S+)/m.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  if (!rps || !p50 || !p99) throw new Error(`wrk output not understood:\n${out}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors =
    Number(non2xx?.[1] ?? 0) + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps: Number(rps[1]), p50Ms: toMs(p50[1]!), p99Ms: toMs(p99[1]!), errors };
}
