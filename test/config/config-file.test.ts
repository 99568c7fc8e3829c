/** ripcord.yaml is found where documented, and a mistake in it names the key and the fix. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { locateConfigFile, parseConfigText, readConfigFile, resolveConfig } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ripcord-config-file-'));

function file(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'ripcord', ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

describe('where ripcord.yaml is looked up', () => {
  it('--config, then RIPCORD_CONFIG, then ./ripcord.yaml when present, else none', () => {
    expect(locateConfigFile('a.yaml', { RIPCORD_CONFIG: 'b.yaml' })).toBe('a.yaml');
    expect(locateConfigFile(undefined, { RIPCORD_CONFIG: 'b.yaml' })).toBe('b.yaml');
    const cwd = process.cwd();
    const work = mkdtempSync(join(tmpdir(), 'ripcord-cwd-'));
    process.chdir(work);
    try {
      expect(locateConfigFile(undefined, {})).toBeUndefined();
      writeFileSync('ripcord.yaml', 'host: 0.0.0.0\n');
      expect(locateConfigFile(undefined, {})).toBe('ripcord.yaml');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('mistakes in the file', () => {
  it('an unknown key names itself and the nearest valid one', () => {
    expect(() => parseConfigText('gateway:\n  breaker:\n    coolDownMs: 5\n', 'r.yaml')).toThrow(
      'config file r.yaml: unknown key gateway.breaker.coolDownMs; did you mean gateway.breaker.cooldownMs?',
    );
    expect(() => parseConfigText('gatway:\n  port: 1\n', 'r.yaml')).toThrow(
      'unknown key gatway; did you mean gateway?',
    );
    expect(() => parseConfigText('log:\n  levle: debug\n', 'r.yaml')).toThrow('did you mean log.level?');
  });

  it('a bad value names the key, the file and what fits', () => {
    const path = file('log:\n  level: loud\n');
    expect(() => resolveConfig({ file: readConfigFile(path) })).toThrow(
      new RegExp(`config file ${path}: log.level: .*one of fatal, error, warn, info, debug, trace, silent`),
    );
    expect(() => resolveConfig({ env: { RIPCORD_GATEWAY_BREAKER_FAILURE_RATIO: '2' } })).toThrow(
      /environment variable RIPCORD_GATEWAY_BREAKER_FAILURE_RATIO: a number from 0 to 1, not 2/,
    );
  });

  it('a section given as a value, a list at the top, or a missing file are refused by name', () => {
    expect(() => parseConfigText('gateway: 8080\n', 'r.yaml')).toThrow('gateway must be a mapping of keys');
    expect(() => parseConfigText('- host\n', 'r.yaml')).toThrow('the top level must be a mapping');
    expect(() => readConfigFile(join(dir, 'missing.yaml'))).toThrow(/cannot read it \(ENOENT\)/);
  });

  it('up refuses to start on a bad file, exit 2, nothing started', async () => {
    const result = await run(['up', '--config', file('api:\n  prot: 7070\n'), '--data', join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown key api.prot; did you mean api.port?');
  });

  it('gateway without a control plane from any source says where to give one', async () => {
    const result = await run(['gateway', '--config', file('gateway:\n  port: 0\n')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--control-plane URL, RIPCORD_GATEWAY_CONTROL_PLANE or gateway.controlPlane',
    );
  });
});

describe('ripcord config print', () => {
  it('shows every value with its source, secrets redacted', async () => {
    const path = file(
      'gateway:\n  samples:\n    rate: 0.5\ndatabase:\n  url: postgres://ripcord:hunter2@db:5432/ripcord?sslpassword=x\n',
    );
    const result = await run(['config', 'print', '--config', path, '-o', 'json'], {
      RIPCORD_GATEWAY_PORT: '9090',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('hunter2');
    expect(result.stdout).not.toContain('sslpassword=x');
    const rows = JSON.parse(result.stdout) as { key: string; value: unknown; source: string }[];
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(row('gateway.samples.rate')).toMatchObject({ value: 0.5, source: 'file' });
    expect(row('gateway.port')).toMatchObject({ value: 9090, source: 'env' });
    expect(row('api.port')).toMatchObject({ value: 7070, source: 'default' });
    expect(row('database.url')).toMatchObject({
      value: 'postgres://ripcord:redacted@db:5432/ripcord?redacted',
      source: 'file',
    });
  });

  it('prints a table naming the file, and yaml', async () => {
    const path = file('host: 0.0.0.0\n');
    const table = await run(['config', 'print', '--config', path]);
    expect(table.stdout).toContain(`# ${path}`);
    expect(table.stdout).toMatch(/^host\s+0\.0\.0\.0\s+file\s+RIPCORD_HOST$/m);
    const yaml = await run(['config', 'print', '--config', path, '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/- key: host\n\s+value: 0\.0\.0\.0\n\s+source: file/);
  });

  it('config schema prints the JSON Schema of ripcord.yaml (--yaml as YAML)', async () => {
    const json = await run(['config', 'schema']);
    expect(JSON.parse(json.stdout)).toMatchObject({ title: 'ripcord.yaml', additionalProperties: false });
    const yaml = await run(['config', 'schema', '--yaml']);
    expect(yaml.stdout).toMatch(/^title: ripcord\.yaml$/m);
  });
});
