/**
 * Runs a command line (git, dvc) in a working copy without a shell, so nothing in a path or a
 * commit id is ever interpreted. Output is returned for the caller to check; a failure names the
 * command and its stderr (these tools print no credentials: remotes authenticate through the
 * environment's credential helpers and SSH agent).
 */
import { execFile } from 'node:child_process';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; signal: AbortSignal; env?: Record<string, string> | undefined },
): Promise<CommandResult> {
  options.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      {
        cwd: options.cwd,
        signal: options.signal,
        env: { ...process.env, ...options.env },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          if (options.signal.aborted) return reject(options.signal.reason as Error);
          const detail = String(stderr).trim().split('\n').slice(-3).join(' ') || error.message;
          return reject(new Error(`\`${[command, ...args].join(' ')}\` failed in ${options.cwd}: ${detail}`));
        }
        resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
