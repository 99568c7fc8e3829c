/**
 * Parsing time of one routing snapshot event as a remote gateway receives it (64 KiB chunks), for
 * 1 MB and 5 MB snapshots. `--baseline FILE` times another SseParser module (same `push` API)
 * on the same input, e.g. an earlier version taken with `git show REV:src/gateway/sse-parser.ts`.
 *
 *   npx tsx bench/sse-parser/run.ts [--baseline /tmp/old-sse-parser.ts]
 */
import { pathToFileURL } from 'node:url';

import { SseParser } from '../../src/gateway/sse-parser.js';

interface ParserLike {
  push(text: string): void;
}
type ParserClass = new (onEvent: (event: { data: string }) => void) => ParserLike;

function snapshotEvent(bytes: number): string {
  const release = (i: number) => ({
    name: `release-${i}`,
    model: `model-${i % 50}`,
    serving: { backends: [{ url: `http://10.0.${i % 250}.${i % 200}:9000`, weight: 1 }] },
  });
  const releases: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = release(i);
    releases.push(r);
    size += JSON.stringify(r).length + 1;
  }
  return `event: snapshot\nid: 1\ndata: ${JSON.stringify({ revision: 1, releases })}\n\n`;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function time(Parser: ParserClass, parts: readonly string[], expectBytes: number): number {
  let got = 0;
  const parser = new Parser((event) => (got = event.data.length));
  const started = performance.now();
  for (const part of parts) parser.push(part);
  const elapsed = performance.now() - started;
  if (got < expectBytes) throw new Error(`parser returned ${got} bytes of data, expected ${expectBytes}`);
  return elapsed;
}

const at = process.argv.indexOf('--baseline');
const baselineFile = at >= 0 ? process.argv[at + 1] : undefined;
const baseline = baselineFile
  ? ((await import(pathToFileURL(baselineFile).href)) as { SseParser: ParserClass }).SseParser
  : undefined;

console.log('snapshot  current (eventsource-parser)' + (baseline ? '  baseline' : ''));
for (const mb of [1, 5]) {
  const event = snapshotEvent(mb * 1_000_000);
  const parts = chunks(event, 64 * 1024);
  const data = mb * 1_000_000 - 100;
  // Best of three: the machine is shared.
  const best = (P: ParserClass) => Math.min(...[0, 1, 2].map(() => time(P, parts, data)));
  const current = best(SseParser as ParserClass);
  const line = `${mb} MB      ${current.toFixed(1).padStart(8)} ms`;
  console.log(baseline ? `${line}               ${best(baseline).toFixed(1).padStart(8)} ms` : line);
}
