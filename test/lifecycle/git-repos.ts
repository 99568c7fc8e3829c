/** Temporary git repositories for the lifecycle suites: a bare remote, a history, working clones. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const AUTHOR = ['-c', 'user.name=test', '-c', 'user.email=test@localhost', '-c', 'init.defaultBranch=main'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...AUTHOR, ...args], { cwd, encoding: 'utf8' }).trim();
}

export interface PipelineRepos {
  root: string;
  remote: string;
  /** Commits by label, oldest first. */
  commits: Record<string, string>;
  clone(): string;
  /** The file tree of `path` at the remote's branch. */
  remoteFile(path: string, branch?: string): string;
  close(): void;
}

/** A bare remote whose main branch holds `history` (label → files written in that commit). */
export function pipelineRepos(history: [string, Record<string, string | null>][]): PipelineRepos {
  const root = mkdtempSync(join(tmpdir(), 'ripcord-git-'));
  const remote = join(root, 'remote.git');
  git(root, 'init', '--quiet', '--bare', remote);
  const seed = join(root, 'seed');
  git(root, 'clone', '--quiet', remote, seed);
  const commits: Record<string, string> = {};
  for (const [label, files] of history) {
    for (const [path, content] of Object.entries(files)) {
      const file = join(seed, path);
      if (content === null) rmSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    git(seed, 'add', '-A');
    git(seed, 'commit', '--quiet', '-m', label);
    commits[label] = git(seed, 'rev-parse', 'HEAD');
  }
  git(seed, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
  let clones = 0;
  return {
    root,
    remote,
    commits,
    clone() {
      const dir = join(root, `clone-${++clones}`);
      git(root, 'clone', '--quiet', remote, dir);
      return dir;
    },
    remoteFile: (path, branch = 'main') => git(root, '--git-dir', remote, 'show', `${branch}:${path}`),
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}
