/**
 * `ripcord completion bash|zsh|fish`, each script run in its real shell: bash through its
 * programmable-completion variables (COMP_WORDS/COMP_CWORD, as readline sets them), fish through
 * its own completion engine (`complete -C`), zsh with the completion system's builtins
 * (compadd, _describe, _files) recorded so the script's walk runs in real zsh without a terminal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { realTool } from '../support/real-tool.js';

const bash = realTool('bash', 'apt-get install bash');
const zsh = realTool('zsh', 'apt-get install zsh');
const fish = realTool('fish', 'apt-get install fish');

const dir = mkdtempSync(join(tmpdir(), 'ripcord-completion-'));

async function script(shell: string): Promise<string> {
  let out = '';
  const code = await main(['node', 'ripcord', 'completion', shell], {
    stdout: (text) => void (out += text),
    stderr: (text) => void (out += text),
  });
  expect(code).toBe(0);
  const file = join(dir, `ripcord.${shell}`);
  writeFileSync(file, out);
  return file;
}

function run(shell: string, program: string): string {
  return execFileSync(shell, ['-c', program], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
}

describe.skipIf(bash.skip)('bash completion', () => {
  let file = '';
  beforeAll(async () => {
    file = await script('bash');
  });

  /** What Tab offers after `line` (the cursor at its end; a trailing space starts a new word). */
  const complete = (line: string): string[] => {
    const words = line.split(' ');
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const out = run(
      bash.path!,
      `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _ripcord; printf '%s\\n' "\${COMPREPLY[@]}"`,
    );
    return out.split('\n').filter(Boolean);
  };

  it('offers every verb, and the verbs that match a prefix', () => {
    expect(complete('ripcord ')).toEqual(expect.arrayContaining(['up', 'get', 'rollout', 'completion']));
    expect(complete('ripcord ro')).toEqual(['rollout']);
  });

  it('descends into sub-verbs, past the program options and their values', () => {
    expect(complete('ripcord rollout st').sort()).toEqual(['start', 'status']);
    expect(complete('ripcord --server http://x:1 rollout sta').sort()).toEqual(['start', 'status']);
  });

  it("offers get's resource kinds, and the output formats after -o", () => {
    expect(complete('ripcord get ')).toEqual(expect.arrayContaining(['models', 'rollouts', 'incidents']));
    expect(complete('ripcord get models -o ')).toEqual([
      'table',
      'wide',
      'name',
      'json',
      'yaml',
      'jsonpath=',
    ]);
    expect(complete('ripcord runbook render m -o ')).toEqual(['md', 'html', 'json']);
  });

  it("offers a verb's own options and the connection options", () => {
    const options = complete('ripcord rollout status x --');
    expect(options).toEqual(
      expect.arrayContaining(['--watch', '--timeout', '--output', '--server', '--help']),
    );
    expect(options).not.toContain('--filename');
  });

  it('completes file names for options that take a path', () => {
    writeFileSync(join(dir, 'rollout-file.yaml'), 'kind: Rollout\n');
    expect(complete(`ripcord apply -f ${dir}/rollout-f`)).toEqual([`${dir}/rollout-file.yaml`]);
  });
});

describe.skipIf(fish.skip)('fish completion', () => {
  let file = '';
  beforeAll(async () => {
    file = await script('fish');
  });

  const complete = (line: string): string[] =>
    run(fish.path!, `source '${file}'; complete -C '${line}'`)
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0]!);

  it('offers verbs with their descriptions, and sub-verbs', () => {
    const out = run(fish.path!, `source '${file}'; complete -C 'ripcord '`);
    expect(out).toMatch(/^rollout\t.+/m);
    expect(complete('ripcord --server http://x rollout ')).toEqual(
      expect.arrayContaining(['start', 'status', 'rollback']),
    );
  });

  it("offers get's resource kinds, -o formats and the verb's options", () => {
    expect(complete('ripcord get ')).toEqual(expect.arrayContaining(['models', 'rollouts']));
    expect(complete('ripcord get models -o ')).toEqual(expect.arrayContaining(['json', 'wide', 'jsonpath=']));
    expect(complete('ripcord rollout status x --w')).toEqual(['--watch']);
  });
});

describe.skipIf(zsh.skip)('zsh completion', () => {
  let file = '';
  beforeAll(async () => {
    file = await script('zsh');
  });

  /** Runs the script's _ripcord with zsh's completion builtins replaced by recorders. */
  const complete = (...words: string[]): string =>
    run(
      zsh.path!,
      `compdef() { :; }
compadd() { [[ $1 == -- ]] && shift; print -r -- "compadd: $*"; }
_describe() { local -a arr; arr=("\${(@P)\${@[-1]}}"); print -rl -- "describe $2:" $arr; }
_files() { print -r -- files; }
_message() { print -r -- "message: $*"; }
source '${file}'
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=\${#words}; _ripcord`,
    );

  it('describes verbs and sub-verbs with their help text', () => {
    expect(complete('ripcord', '')).toMatch(/^rollout:.+$/m);
    const rollout = complete('ripcord', '--server', 'http://x', 'rollout', '');
    expect(rollout).toMatch(/^status:show a rollout's status$/m);
  });

  it("offers get's kinds, -o formats, options, and files for paths", () => {
    expect(complete('ripcord', 'get', '')).toContain('compadd: models versions');
    expect(complete('ripcord', 'get', 'models', '-o', '')).toContain(
      'compadd: table wide name json yaml jsonpath=',
    );
    expect(complete('ripcord', 'rollout', 'status', 'x', '--')).toMatch(/^--watch:stream/m);
    expect(complete('ripcord', 'apply', '-f', '')).toBe('files\n');
  });
});
