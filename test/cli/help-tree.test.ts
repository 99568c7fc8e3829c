/** Every command and every option of the CLI says what it does (`--help` on any subcommand is useful). */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

function walk(command: Command, path: string[] = []): { path: string; command: Command }[] {
  const here = [...path, command.name()];
  return [{ path: here.join(' '), command }, ...command.commands.flatMap((sub) => walk(sub, here))];
}

describe('CLI help', () => {
  it('describes every command and every option in the whole command tree', async () => {
    const program = await buildProgram({ stdout: () => undefined, stderr: () => undefined });
    const missing: string[] = [];
    const all = walk(program);
    expect(all.length).toBeGreaterThan(20);
    for (const { path, command } of all) {
      if (!command.description()) missing.push(`${path}: no description`);
      for (const option of command.options)
        if (!option.description) missing.push(`${path} ${option.flags}: no help text`);
    }
    expect(missing).toEqual([]);
  });
});
