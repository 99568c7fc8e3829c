import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One unit of work: a scenario or a calibration case, by its index in the run's lists. */
export interface WorkItem {
  kind: 'scenario' | 'calibration';
  index: number;
}

type Reply = { item: WorkItem; result: unknown } | { error: string };

/**
 * Runs the items on `jobs` child processes (this file's sibling run.ts with `--serve`), handing the
 * next item to whichever child is free, and returns the results in the items' order. Every item
 * seeds its own randomness from its index, so the figures do not depend on which child ran it.
 */
export async function runPool(items: WorkItem[], jobs: number, args: string[]): Promise<unknown[]> {
  const script = fileURLToPath(new URL('./run.ts', import.meta.url));
  const results = new Array<unknown>(items.length);
  let next = 0;
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, items.length) }, async () => {
        // The parent's execArgv carries tsx's loader, so the child runs the TypeScript source too.
        const child = fork(script, [...args, '--serve'], { execArgv: process.execArgv, stdio: 'inherit' });
        children.push(child);
        for (;;) {
          const at = next++;
          const item = items[at];
          if (!item) break;
          const reply = await new Promise<Reply>((resolve, reject) => {
            child.once('message', (m) => resolve(m as Reply));
            child.once('exit', (code) =>
              reject(new Error(`bench worker exited (${code}) during ${item.kind} ${item.index}`)),
            );
            child.send(item);
          });
          child.removeAllListeners('exit');
          if ('error' in reply) throw new Error(reply.error);
          results[at] = reply.result;
        }
        child.disconnect();
      }),
    );
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
  }
  return results;
}

/** The child's side: answers each item with what `run` returns, until the parent disconnects. */
export function serve(run: (item: WorkItem) => unknown): void {
  process.on('message', (item: WorkItem) => {
    try {
      process.send!({ item, result: run(item) });
    } catch (e) {
      process.send!({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
