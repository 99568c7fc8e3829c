import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('@kubernetes/client-node', () => {
  // ~70 MB of RSS and ~0.5 s: a control plane or CLI that reaches no cluster must not load it.
  it('is imported for its types only, and loaded by kube-client.ts when a client is built', () => {
    const valueImports = sources(SRC).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^import\s+(?!type\b)[^;]*?from\s+'@kubernetes\/client-node'/gms,
        ),
      ].map(() => relative(SRC, file)),
    );
    expect(valueImports).toEqual([]);
    const client = readFileSync(join(SRC, 'kubernetes/kube-client.ts'), 'utf8');
    expect(client).toContain("import('@kubernetes/client-node')");
  });
});
