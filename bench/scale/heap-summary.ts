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

/**
 * What the samples count: `live`, what is still held when sampling stops; `churn`, every object
 * allocated while sampling, garbage included (what raises the heap's high-water mark);
 * `survivors`, the objects that outlived a scavenge, still held or freed by a full collection
 * since: the medium-lived ones that make scavenges slow and fill the old space between full
 * collections.
 */
export type HeapSampling = 'live' | 'churn' | 'survivors';

export async function startHeapSampling(
  sampling: HeapSampling = 'live',
): Promise<() => Promise<HeapSummary>> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: sampling !== 'live',
    includeObjectsCollectedByMinorGC: sampling === 'churn',
  });
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
  const name = (node: HeapNode): string =>
    `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
  // A built-in (Map.set, an iterator's next) is named with the code that called it, to which its
  // bytes count per file: its own name alone does not say whose allocation it was.
  const walk = (node: HeapNode, caller: HeapNode | undefined): void => {
    const native = !node.callFrame.url && caller !== undefined;
    if (node.selfSize > 0) {
      const owner = native ? caller : node;
      const fn = native ? `${node.callFrame.functionName || '(anonymous)'} ← ${name(caller)}` : name(node);
      const file = shortUrl(owner.callFrame.url);
      functions.set(fn, (functions.get(fn) ?? 0) + node.selfSize);
      files.set(file, (files.get(file) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, native ? caller : node);
  };
  walk(head, undefined);
  const top = (m: Map<string, number>, n: number): HeapHolder[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, bytes]) => ({ name, mb: bytes / 2 ** 20, share: total > 0 ? bytes / total : 0 }));
  return { sampledMb: total / 2 ** 20, functions: top(functions, 30), files: top(files, 15) };
}
