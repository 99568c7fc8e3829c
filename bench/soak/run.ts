/**
 * Soak: 1,000 req/s through the ripcord gateway (95/5 canary split, sticky users, 1 % of requests
 * inspected and 1 % of pairs sampled) for ten minutes, printing per interval its RSS, errors and
 * p99; a bare Node proxy gets the same load at the same time as the peer. The gateway passes when
 * its RSS after warm-up stays flat (growth under --max-growth MB) with no errors.
 *
 * Usage: tsx bench/soak/run.ts [--duration 600] [--interval 60] [--rate 1000] [--warmup 120]
 *        [--max-growth 20] [--no-peer]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { freePort, startNode, stop } from '../gateway/servers.js';
import type { Running } from '../gateway/servers.js';
import { rssMb } from './rss.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    interval: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '120' },
    'max-growth': { type: 'string', default: '20' },
    'no-peer': { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const interval = Math.min(Number(values.interval), duration);
const rate = Number(values.rate);
const warmup = Math.min(Number(values.warmup), duration / 2);
const maxGrowth = Number(values['max-growth']);
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

interface Segment {
  p99Ms: number;
  p50Ms: number;
  sent: number;
  errors: number;
}

/** One interval of open-loop load (bench/gateway/paced-load.ts) against `port`. */
function paced(port: number, seconds: number): Promise<Segment> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', here('../gateway/paced-load.ts'), String(port), String(rate), String(seconds)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`paced load exited ${code}: ${out}`));
      resolve(JSON.parse(line) as Segment);
    });
  });
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

async function main(): Promise<void> {
  const [stable, canary, gatewayPort, barePort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const running: Running[] = [];
  try {
    running.push(await startNode('backend', here('./backend.ts'), [String(stable), String(canary)], stable));
    const gateway = await startNode(
      'ripcord',
      here('../gateway/ripcord-proxy.ts'),
      [String(gatewayPort), String(stable), String(canary), '1', '0.01'],
      gatewayPort,
      'ready',
    );
    running.push(gateway);
    const peer = values['no-peer']
      ? undefined
      : await startNode(
          'bare',
          here('../gateway/bare-proxy.ts'),
          [String(barePort), String(stable), String(canary)],
          barePort,
        );
    if (peer) running.push(peer);

    console.log(
      `soak: ${duration} s at ${rate} req/s, ${interval} s intervals, warm-up ${warmup} s; ` +
        `ripcord gateway pid ${gateway.child.pid}${peer ? `, bare proxy pid ${peer.child.pid} (same load, same time)` : ''}`,
    );
    console.log(
      [
        't (s)',
        'rss MB',
        'Δ MB',
        'errors',
        'p50 ms',
        'p99 ms',
        peer ? '| bare rss' : '',
        peer ? 'errors' : '',
        peer ? 'p99 ms' : '',
      ]
        .filter(Boolean)
        .join('\t'),
    );
    // JIT and connection warm-up, not reported: the intervals measure steady state.
    await Promise.all([paced(gatewayPort, 5), peer ? paced(barePort, 5) : undefined]);
    const start = rssMb(gateway.child.pid!);
    let warm: number | undefined;
    let peak = 0;
    let errors = 0;
    let peerErrors = 0;
    const rows: string[] = [];
    for (let t = 0; t < duration; t += interval) {
      const seconds = Math.min(interval, duration - t);
      const [ours, theirs] = await Promise.all([
        paced(gatewayPort, seconds),
        peer ? paced(barePort, seconds) : Promise.resolve(undefined),
      ]);
      const rss = rssMb(gateway.child.pid!);
      if (t + seconds >= warmup && warm === undefined) warm = rss;
      if (warm !== undefined) peak = Math.max(peak, rss);
      errors += ours.errors;
      peerErrors += theirs?.errors ?? 0;
      const row = [
        String(t + seconds),
        fmt(rss),
        fmt(rss - start),
        String(ours.errors),
        fmt(ours.p50Ms, 2),
        fmt(ours.p99Ms, 2),
        ...(peer && theirs
          ? [`| ${fmt(rssMb(peer.child.pid!))}`, String(theirs.errors), fmt(theirs.p99Ms, 2)]
          : []),
      ].join('\t');
      rows.push(row);
      console.log(row);
    }
    const end = rssMb(gateway.child.pid!);
    const growth = warm === undefined ? NaN : end - warm;
    const flat = growth <= maxGrowth;
    console.log(
      `\nripcord gateway: RSS ${fmt(start)} MB at start, ${fmt(warm ?? NaN)} MB after warm-up, ${fmt(end)} MB at the end ` +
        `(growth after warm-up ${fmt(growth)} MB, peak ${fmt(peak)} MB); errors ${errors}` +
        (peer ? `; bare proxy errors ${peerErrors}` : ''),
    );
    console.log(
      flat && errors === 0
        ? 'PASS: memory flat after warm-up, no errors'
        : `FAIL: ${flat ? '' : 'memory grew; '}${errors} errors`,
    );
    process.exitCode = flat && errors === 0 ? 0 : 1;
  } finally {
    await Promise.all(running.map((r) => stop(r)));
  }
}

await main();
