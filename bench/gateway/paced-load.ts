/**
 * Open-loop load at a fixed rate (wrk only does closed loop) on raw keep-alive sockets, so the
 * generator itself stays cheap. Latency runs from each request's scheduled send time, so queueing
 * in the proxy is counted (no coordinated omission). Prints {"p50Ms","p99Ms","sent","errors"}.
 * Usage: paced-load.ts <port> <rate> <seconds>
 */
import net from 'node:net';

import { REQUEST_BODY, REQUEST_PATH } from './load.js';

const [port, rate, seconds] = process.argv.slice(2).map(Number) as [number, number, number];
const CONNECTIONS = 32;
const requests = Array.from({ length: 256 }, (_, i) =>
  Buffer.from(
    `POST ${REQUEST_PATH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
      `x-user-id: user${i}\r\ncontent-length: ${Buffer.byteLength(REQUEST_BODY)}\r\n\r\n${REQUEST_BODY}`,
  ),
);
const latencies: number[] = [];
let errors = 0;
let done = 0;

class Conn {
  private readonly queue: number[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private busy = false;
  private readonly socket: net.Socket;
  constructor() {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', () => {
      errors += this.queue.length + (this.busy ? 1 : 0);
      done += this.queue.length + (this.busy ? 1 : 0);
      this.queue.length = 0;
    });
  }
  send(scheduled: number, i: number): void {
    this.queue.push(scheduled);
    if (!this.busy) this.next(i);
  }
  private next(i: number): void {
    if (this.queue.length === 0) return;
    this.busy = true;
    this.socket.write(requests[i & 255]!);
  }
  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = this.buffer.subarray(0, headerEnd).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = headerEnd + 4 + length;
      if (this.buffer.length < total) return;
      const status = Number(head.slice(9, 12));
      this.buffer = this.buffer.subarray(total);
      const scheduled = this.queue.shift()!;
      if (status === 200) latencies.push(performance.now() - scheduled);
      else errors++;
      done++;
      this.busy = false;
      this.next(done);
    }
  }
  close(): void {
    this.socket.destroy();
  }
}

const conns = Array.from({ length: CONNECTIONS }, () => new Conn());
await new Promise((r) => setTimeout(r, 200));
const started = performance.now();
const total = rate * seconds;
let sent = 0;
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate));
    while (sent < due) {
      conns[sent % CONNECTIONS]!.send(started + (sent * 1000) / rate, sent);
      sent++;
    }
    if (sent >= total) return resolve();
    setImmediate(tick);
  };
  tick();
});
const deadline = performance.now() + 10_000;
while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
for (const c of conns) c.close();
// Drop the first second: connection set-up and JIT warm-up are not steady state.
const steady = latencies.slice(rate).sort((a, b) => a - b);
const q = (p: number): number => steady[Math.min(steady.length - 1, Math.floor(p * steady.length))] ?? NaN;
console.log(JSON.stringify({ p50Ms: q(0.5), p99Ms: q(0.99), sent, errors: errors + (total - done) }));
