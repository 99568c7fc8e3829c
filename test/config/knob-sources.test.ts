/**
 * Every knob of the README's configuration table is reachable three ways — ripcord.yaml key,
 * RIPCORD_* variable and flag — on every verb that takes it, with flag > variable > file > default,
 * and lands in the options the servers are built from.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { configFromCommand, gatewayTuning, KNOBS } from '../../src/config/index.js';
import type { ConfigVerb, Knob, ResolvedConfig } from '../../src/config/index.js';

const silent = { stdout: () => undefined, stderr: () => undefined };
const work = mkdtempSync(join(tmpdir(), 'ripcord-config-'));

/** A value the knob accepts that differs from its default, and another one for precedence. */
function samples(knob: Knob): [unknown, unknown] {
  const candidates: Record<Knob['kind'], unknown[]> = {
    integer: [3, 4, 1234, 1235],
    number: [0.25, 0.75, 3, 4],
    boolean: [false, true],
    enum: [...(knob.values ?? [])],
    list: [
      ['x-a', 'x-b'],
      ['x-c', 'x-d'],
    ],
    string: ['/p/', '/q/', 'http://cp.example:7070/', 'http://cp2.example:7070/'],
  };
  const fits = candidates[knob.kind].filter(
    (v) => knob.schema.safeParse(v).success && JSON.stringify(v) !== JSON.stringify(knob.default),
  );
  if (fits.length < 1) throw new Error(`no sample value for ${knob.key}`);
  return [fits[0], fits[1] ?? fits[0]];
}

function asText(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function flagArgs(knob: Knob, verb: ConfigVerb, value: unknown): string[] {
  const flag = knob.flag(verb);
  if (knob.kind === 'boolean') return flag.startsWith('--no-') === (value === false) ? [flag] : [];
  return [flag, asText(value)];
}

function fileWith(key: string, value: unknown): string {
  const tree: Record<string, unknown> = {};
  let node = tree;
  const parts = key.split('.');
  for (const part of parts.slice(0, -1)) node = (node[part] = {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
  const file = join(work, `${key}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(tree));
  return file;
}

/** Parses `ripcord VERB ARGS` with the real program and returns the config the verb would run with. */
async function resolved(
  verb: ConfigVerb,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ResolvedConfig> {
  const program = await buildProgram(silent);
  const command = program.commands.find((c) => c.name() === verb)!;
  let result: ResolvedConfig | undefined;
  command.action((_: unknown, self: Command) => {
    result = configFromCommand(self, verb, env);
  });
  await program.parseAsync(['node', 'ripcord', verb, ...args]);
  return result!;
}

function valueAt(config: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], config);
}

describe('every knob is reachable as a file key, a variable and a flag', () => {
  for (const knob of KNOBS) {
    for (const verb of knob.verbs) {
      it(`${knob.key} (${knob.env}, ${knob.flag(verb)}) on ${verb}`, async () => {
        const [value, other] = samples(knob);
        const file = fileWith(knob.key, value);

        const fromFile = await resolved(verb, ['--config', file]);
        expect(valueAt(fromFile.config, knob.key)).toEqual(value);
        expect(fromFile.sources.get(knob.key)).toBe('file');

        const fromEnv = await resolved(verb, [], { [knob.env]: asText(value) });
        expect(valueAt(fromEnv.config, knob.key)).toEqual(value);
        expect(fromEnv.sources.get(knob.key)).toBe('env');

        if (knob.kind === 'boolean') {
          const fromFlag = await resolved(verb, flagArgs(knob, verb, value));
          expect(valueAt(fromFlag.config, knob.key)).toEqual(value);
          expect(fromFlag.sources.get(knob.key)).toBe('flag');
        } else {
          const fromFlag = await resolved(verb, flagArgs(knob, verb, value));
          expect(valueAt(fromFlag.config, knob.key)).toEqual(value);
          expect(fromFlag.sources.get(knob.key)).toBe('flag');
          // Precedence: flag > variable > file.
          const otherFile = fileWith(knob.key, other);
          const envOverFile = await resolved(verb, ['--config', otherFile], { [knob.env]: asText(value) });
          expect(valueAt(envOverFile.config, knob.key)).toEqual(value);
          const flagOverEnv = await resolved(verb, ['--config', otherFile, ...flagArgs(knob, verb, value)], {
            [knob.env]: asText(other),
          });
          expect(valueAt(flagOverEnv.config, knob.key)).toEqual(value);
          expect(flagOverEnv.sources.get(knob.key)).toBe('flag');
        }

        const fallback = await resolved(verb, []);
        expect(valueAt(fallback.config, knob.key)).toEqual(knob.default);
        expect(fallback.sources.get(knob.key)).toBe('default');
      });
    }
  }
});

describe('the gateway knobs reach the options the gateway is built from', () => {
  const tuned = KNOBS.filter((k) =>
    /^gateway\.(limits|breaker|pool|inspection|samples)\.|^gateway\.(jsonPathPrefix|feedbackCapacity)$/.test(
      k.key,
    ),
  );
  for (const knob of tuned) {
    it(knob.key, async () => {
      const [value] = samples(knob);
      const { config } = await resolved('up', [], { [knob.env]: asText(value) });
      const tuning = gatewayTuning(config) as Record<string, unknown>;
      const [section, leaf] = knob.key.split('.').slice(1);
      const landed =
        section === 'samples'
          ? valueAt(tuning, `telemetryOptions.samples.${leaf}`)
          : valueAt(tuning, leaf === undefined ? section! : `${section}.${leaf}`);
      expect(landed).toEqual(value);
    });
  }
});
