/**
 * Servers started through `npx ripcord …` stop with the command that started them. npm runs the
 * CLI under `sh -c`, and killing npm (SIGTERM or SIGKILL) does not reach this process: without
 * this watch the demo would keep its ports after its terminal command is gone. The parent (and,
 * under npm, the npm process above the shell) is polled; once one is gone this process gets
 * SIGTERM, which stops it the way Ctrl-C does.
 */
import { readFileSync } from 'node:fs';

export function stopWhenLauncherExits(intervalMs = 500): () => void {
  const parent = process.ppid;
  const launchers = [parent];
  if (process.env['npm_command'] === 'exec' || process.env['npm_lifecycle_event'] === 'npx') {
    const grandparent = parentOf(parent);
    if (grandparent !== undefined && grandparent > 1) launchers.push(grandparent);
  }
  const timer = setInterval(() => {
    if (process.ppid === parent && launchers.every(alive)) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent of `pid` from /proc (Linux); undefined elsewhere, where only the parent is watched. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
