/**
 * Runs the helm CLI: arguments as an array (no shell), output as JSON where helm offers it,
 * cancelled by killing the process when the step's signal aborts. Errors carry helm's own last
 * line of stderr (which names the release and the reason, never a credential).
 */
import { execFile } from 'node:child_process';

export interface HelmCli {
  run(args: readonly string[], signal: AbortSignal): Promise<string>;
}

export function helmCli(binary: string, env: NodeJS.ProcessEnv = process.env): HelmCli {
  return {
    run: (args, signal) =>
      new Promise((resolve, reject) => {
        signal.throwIfAborted();
        execFile(binary, [...args], { signal, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          if (signal.aborted)
            return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
          const said = stderr.trim().split('\n').filter(Boolean).at(-1) ?? error.message;
          reject(new Error(`helm ${args.slice(0, 2).join(' ')} failed: ${said}`));
        });
      }),
  };
}
