/**
 * What holds the controller's memory: V8's sampling heap profiler (node:inspector) started before
 * the rollouts exist and read after the measured ticks, so its samples are the objects still live
 * then, attributed to the function that allocated them (self size per function and per file).
 */
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface HeapHolder {
  name: string;
  mb: number;
  share: number;
}

export interface HeapSummary {
  sampledMb: number;
  functions: HeapHolder[];
  files: HeapHolder[];
}

export async function startHeapSampling(): Promise<() => Promise<HeapSummary>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 64 * 1024 });
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
      profile: { head: HeapNode };
    };
    session.disconnect();
    return summarize(profile.head);
  };
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  // The compiled worker's files (compile-worker.ts) read as the sources they come from.
  const relative = path.relative(process.cwd(), clean).replace(/^bench\/scale\/\.out\/compiled\//, '');
  return relative || clean;
}

function summarize(head: HeapNode): HeapSummary {
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode): void => {
    if (node.selfSize > 0) {
      const file = shortUrl(node.callFrame.url);
      const fn = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
      functions.set(fn, (functions.get(fn) ?? 0) + node.selfSize);
      files.set(file, (files.get(file) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  const top = (m: Map<string, number>, n: number): HeapHolder[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, bytes]) => ({ name, mb: bytes / 2 ** 20, share: total > 0 ? bytes / total : 0 }));
  return { sampledMb: total / 2 ** 20, functions: top(functions, 20), files: top(files, 12) };
}
