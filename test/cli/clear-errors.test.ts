/** Hostile or mistaken input gets one clear line, never a stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ripcord', ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    untilSignal: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ripcord-clear-'));
const noStack = /\n\s+at /;

describe('clear errors instead of stack traces', () => {
  it('a YAML alias bomb', async () => {
    const letters = 'abcdefghij';
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i += 1) {
      const prev = letters[i - 1]!;
      lines.push(`${letters[i]}: &${letters[i]} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, lines.join('\n'));
    const result = await run('--server', 'http://127.0.0.1:1', 'apply', '-f', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bomb\.yaml:1:1.*more than 100 YAML aliases/);
    expect(result.stderr).not.toMatch(noStack);
  });

  it('deep nesting', async () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `kind: Model\nspec: ${'['.repeat(3_000)}${']'.repeat(3_000)}\n`);
    const result = await run('--server', 'http://127.0.0.1:1', 'apply', '-f', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nested more than 64 levels deep/);
    expect(result.stderr).not.toMatch(noStack);
  });

  it('a database path through a file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const result = await run('up', '--data', dir, '--database', join(file, 'ripcord.db'), '--port', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot open the database sqlite:.*plain-file.*a part of the path is a file/,
    );
    expect(result.stderr).not.toMatch(noStack);
  });

  it('a database file that is not a database', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'these are not the pages you are looking for\n'.repeat(200));
    const result = await run('up', '--data', dir, '--database', file, '--port', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot open the database .*notes\.txt: the file exists but is not a SQLite database/,
    );
    expect(result.stderr).not.toMatch(noStack);
  });
});
