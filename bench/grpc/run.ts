/**
 * gRPC proxy bench: ripcord's gateway (gRPC front, 95/5 split, telemetry on every call) beside a
 * bare grpc-js pass-through, both in front of the same grpc-js model server, each in its own
 * process. A closed loop of CONCURRENCY unary ModelInfer calls runs ROUND_S seconds per round;
 * rounds alternate between the two proxies after a warm-up of each. Reported: req/s and the
 * proxy process's CPU-seconds per 1000 calls (from /proc, user + system), medians of the rounds,
 * ripcord's as a ratio of the peer's, and the load average. Run: `npx tsx bench/grpc/run.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

import { Client, credentials, Metadata, type MethodDefinition } from '@grpc/grpc-js';

import { inferenceServices } from '../../src/gateway/grpc/proto-services.js';

type Message = Record<string, unknown>;

const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const ROUND_S = Number(process.env['ROUND_S'] ?? 5);
const WARMUP_S = Number(process.env['WARMUP_S'] ?? 3);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 32);

interface Proc {
  child: ChildProcess;
  port: number;
}

function start(entry: string, args: string[]): Promise<Proc> {
  const file = fileURLToPath(new URL(entry, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /ready (\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready`)));
  });
}

/** CPU-seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const definition = inferenceServices().kserve['ModelInfer'] as MethodDefinition<Message, Message>;
const request: Message = {
  model_name: 'bench',
  inputs: [{ name: 'amount', datatype: 'FP32', shape: ['1'], contents: { fp32_contents: [12.5] } }],
};

/** Calls for `seconds` with `CONCURRENCY` in flight; answers the calls completed and failed. */
async function load(port: number, seconds: number): Promise<{ ok: number; failed: number }> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const until = Date.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) =>
      client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        new Metadata(),
        (error) => {
          if (error) failed++;
          else ok++;
          resolve();
        },
      ),
    );
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) await one();
    }),
  );
  client.close();
  return { ok, failed };
}

interface Round {
  rps: number;
  cpuPer1k: number;
  failed: number;
}

async function round(proxy: Proc, seconds: number): Promise<Round> {
  const cpu0 = cpuSeconds(proxy.child.pid!);
  const t0 = performance.now();
  const { ok, failed } = await load(proxy.port, seconds);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(proxy.child.pid!) - cpu0;
  return { rps: ok / wall, cpuPer1k: (cpu / Math.max(ok, 1)) * 1000, failed };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const backend = await start('./backend.ts', ['0']);
const peers = {
  'bare grpc-js pass-through': await start('./bare-proxy.ts', [String(backend.port)]),
  'ripcord gateway (gRPC, 95/5, telemetry)': await start('./ripcord-proxy.ts', [String(backend.port)]),
};
const results = new Map<string, Round[]>();
try {
  for (const proxy of Object.values(peers)) await load(proxy.port, WARMUP_S);
  for (let r = 0; r < ROUNDS; r++)
    for (const [name, proxy] of r % 2 === 0 ? Object.entries(peers) : Object.entries(peers).reverse()) {
      const result = await round(proxy, ROUND_S);
      results.set(name, [...(results.get(name) ?? []), result]);
      process.stderr.write(
        `round ${r + 1} ${name}: ${result.rps.toFixed(0)} req/s, ${result.cpuPer1k.toFixed(3)} CPU-s/1k\n`,
      );
    }
} finally {
  for (const p of [...Object.values(peers), backend]) p.child.kill('SIGTERM');
}

const summary = [...results].map(([name, rounds]) => ({
  name,
  rps: median(rounds.map((r) => r.rps)),
  cpuPer1k: median(rounds.map((r) => r.cpuPer1k)),
  failed: rounds.reduce((a, r) => a + r.failed, 0),
  perRound: rounds.map((r) => r.rps.toFixed(0)).join(', '),
}));
const bare = summary[0]!;
const ours = summary[1]!;
console.log(
  `gRPC proxy bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ` +
    `${CONCURRENCY} calls in flight, ${ROUNDS} alternated rounds of ${ROUND_S} s after ${WARMUP_S} s warm-up each; ` +
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; load generator, proxies and backend share the machine.\n`,
);
console.log('| proxy | req/s (median) | proxy CPU-s per 1000 calls | errors | req/s per round |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const s of summary)
  console.log(`| ${s.name} | ${s.rps.toFixed(0)} | ${s.cpuPer1k.toFixed(3)} | ${s.failed} | ${s.perRound} |`);
console.log(
  `\n- ripcord / bare: ${(ours.rps / bare.rps).toFixed(2)}× the req/s, ${(ours.cpuPer1k / bare.cpuPer1k).toFixed(2)}× the CPU per call`,
);
