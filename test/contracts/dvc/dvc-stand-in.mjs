#!/usr/bin/env node
/**
 * A recording stand-in for the `dvc` command line (DVC cannot run here). It appends each command
 * line to <git dir>/dvc-stand-in.jsonl and models the two commands the feature-pipeline executor
 * uses: `dvc checkout --force` remembers the commit whose .dvc files it brought in, and `dvc
 * status --json` prints `{}` when that is the checked-out commit, else a changed-outs entry, as
 * DVC does after a git checkout moved the .dvc files.
 */
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const gitDir = resolve(execFileSync('git', ['rev-parse', '--git-dir'], { encoding: 'utf8' }).trim());
appendFileSync(join(gitDir, 'dvc-stand-in.jsonl'), `${JSON.stringify({ args })}\n`);
const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const stateFile = join(gitDir, 'dvc-stand-in-state');
const checkedOut = existsSync(stateFile) ? readFileSync(stateFile, 'utf8') : '';

if (process.env.DVC_STAND_IN_FAIL) {
  process.stderr.write('ERROR: failed to checkout: unable to find DVC cache\n');
  process.exit(255);
}
if (args[0] === 'status' && args.includes('--json')) {
  process.stdout.write(
    checkedOut === head
      ? '{}\n'
      : JSON.stringify({ 'features.dvc': [{ 'changed outs': { 'data/features': 'modified' } }] }) + '\n',
  );
} else if (args[0] === 'checkout') {
  writeFileSync(stateFile, head);
} else {
  process.stderr.write(`dvc stand-in: unsupported command: ${args.join(' ')}\n`);
  process.exit(254);
}
