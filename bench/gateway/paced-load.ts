/**
 * Open-loop load at a fixed rate (wrk only does closed loop) on raw keep-alive sockets, so the
 * generator itself stays cheap. Prints {"p50Ms","p99Ms","p99FromScheduleMs","sent","errors"}.
 *
 * - The generator sleeps between sends (a 1 ms timer, plus a check after every response): it
 *   never spins. A spinning pacer holds one of the machine's two cores, and the proxy under
 *   test then shares the other with the backend, which inflates every proxy's tail and not the
 *   direct baseline's.
 * - Latency runs from the moment the pacer releases a request (its scheduled time, or up to the
 *   timer's ~1 ms later): a request that then waits for a free connection is counted with its
 *   wait, so a stalled target is not let off (no coordinated omission), while the pacer's own
 *   timer resolution, which no real client sees, is not. `p99FromScheduleMs` counts from the
 *   scheduled time instead (timer lateness included), for comparison.
 * - A due request goes out on any idle connection (a pool, not a fixed connection per request),
 *   so one slow answer does not hold up the requests assigned after it on the same socket.
 *
 * Usage: paced-load.ts <port> <rate> <seconds>
 */
import net from 'node:net';

import { REQUEST_BODY, REQUEST_PATH } from './load.js';

const [port, rate, seconds] = process.argv.slice(2).map(Number) as [number, number, number];
/** Enough that a 10 ms stall at 10k req/s (100 requests in flight) still finds idle sockets. */
const CONNECTIONS = 128;
const requests = Array.from({ length: 256 }, (_, i) =>
  Buffer.from(
    `POST ${REQUEST_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
      `x-user-id: user${i}\r\ncontent-length: ${Buffer.byteLength(REQUEST_BODY)}\r\n\r\n${REQUEST_BODY}`,
  ),
);
const total = rate * seconds;
/** When the pacer released request i; its latency (ms), NaN until answered with 200; and from its schedule. */
const released = new Float64Array(total);
const latencies = new Float64Array(total).fill(Number.NaN);
const fromSchedule = new Float64Array(total).fill(Number.NaN);
let errors = 0;
let done = 0;

const idle: Conn[] = [];
/** Scheduled requests waiting for an idle connection (indices, FIFO). */
const waiting: number[] = [];
let waitingHead = 0;
let started = 0;
let sent = 0;

const scheduledAt = (i: number): number => started + (i * 1000) / rate;

class Conn {
  private buffer: Buffer = Buffer.alloc(0);
  private current = -1;
  private readonly socket: net.Socket;
  constructor() {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('connect', () => idle.push(this));
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', () => {
      if (this.current >= 0) {
        errors++;
        done++;
        this.current = -1;
      }
    });
  }
  send(i: number): void {
    this.current = i;
    this.socket.write(requests[i & 255]!);
  }
  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = this.buffer.subarray(0, headerEnd).toString('latin1');
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headerEnd + 4 + length;
    if (this.buffer.length < end) return;
    const now = performance.now();
    const i = this.current;
    if (Number(head.slice(9, 12)) === 200) {
      latencies[i] = now - released[i]!;
      fromSchedule[i] = now - scheduledAt(i);
    } else errors++;
    done++;
    this.buffer = this.buffer.subarray(end);
    this.current = -1;
    if (waitingHead < waiting.length) this.send(waiting[waitingHead++]!);
    else idle.push(this);
    pump();
  }
  close(): void {
    this.socket.destroy();
  }
}

/** Sends every request whose time has come (on an idle connection, else it waits for one). */
function pump(): void {
  if (started === 0) return;
  const now = performance.now();
  const due = Math.min(total, Math.floor(((now - started) * rate) / 1000) + 1);
  for (; sent < due; sent++) {
    released[sent] = now;
    const conn = waitingHead === waiting.length ? idle.pop() : undefined;
    if (conn) conn.send(sent);
    else waiting.push(sent);
  }
}

const conns = Array.from({ length: CONNECTIONS }, () => new Conn());
await new Promise((r) => setTimeout(r, 300));
started = performance.now();
await new Promise<void>((resolve) => {
  const tick = (): void => {
    pump();
    if (sent >= total) return resolve();
    setTimeout(tick, 1);
  };
  tick();
});
const deadline = performance.now() + 10_000;
while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
for (const c of conns) c.close();
// Drop the first second: connection set-up and JIT warm-up are not steady state. An unanswered
// or failed request counts as an error, never as a latency.
const sorted = (xs: Float64Array): number[] =>
  Array.from(xs.subarray(rate))
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
const q = (xs: number[], p: number): number => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const steady = sorted(latencies);
console.log(
  JSON.stringify({
    p50Ms: q(steady, 0.5),
    p99Ms: q(steady, 0.99),
    p99FromScheduleMs: q(sorted(fromSchedule), 0.99),
    sent,
    errors: errors + (total - done),
  }),
);
