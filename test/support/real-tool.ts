/**
 * Real components a suite drives (promtool, prometheus, chromium, haproxy, git): found on PATH or
 * at a known path. Outside CI a missing one skips its suite with one clear line; in CI
 * (`CI=true`, where `.ci/run` installs them) a missing one fails the suite instead of skipping.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface RealTool {
  /** Absolute path, or undefined when the tool is absent. */
  path: string | undefined;
  /** For `describe.skipIf(!tool.path)`: true when absent outside CI. */
  skip: boolean;
}

const inCI = (): boolean => process.env['CI'] === 'true' || process.env['CI'] === '1';

function locate(name: string, candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    return found === '' ? undefined : found;
  } catch {
    return undefined;
  }
}

/**
 * Looks a tool up once. Absent outside CI: prints why the suite is skipped and how to get the
 * tool. Absent in CI: throws, so the suite fails rather than passing on nothing.
 */
export function realTool(
  name: string,
  install: string,
  candidates: readonly string[] = [`/usr/bin/${name}`],
): RealTool {
  const path = locate(name, candidates);
  if (path !== undefined) return { path, skip: false };
  if (inCI()) throw new Error(`${name} is required in CI but was not found (${install})`);
  process.stderr.write(`skipping: ${name} not found; install it with: ${install}\n`);
  return { path: undefined, skip: true };
}
