import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DocumentFormatError } from './document-store.js';
import { readDocumentBody } from './read-document-body.js';

const Rollout = z.object({ model: z.string(), steps: z.array(z.object({ weight: z.number() })) }).strict();

describe('reading a stored document body', () => {
  it('trusts the body as written when the kind has no schema', () => {
    expect(readDocumentBody('rollout', 'r1', '{"anything":1}', 1, {})).toEqual({ anything: 1 });
  });

  it('parses the body with the kind schema', () => {
    const body = readDocumentBody('rollout', 'r1', '{"model":"recsys","steps":[{"weight":5}]}', 1, {
      schema: Rollout,
    });
    expect(body).toEqual({ model: 'recsys', steps: [{ weight: 5 }] });
  });

  it('names the kind, the id and the field of a body that does not match', () => {
    const read = () =>
      readDocumentBody('rollout', 'r1', '{"model":"recsys","steps":[{"weight":"5"}]}', 1, {
        schema: Rollout,
      });
    expect(read).toThrow(DocumentFormatError);
    expect(read).toThrow(/^rollout "r1" does not match its stored format: steps\[0\]\.weight: /);
    expect(read).toThrow(expect.objectContaining({ kind: 'rollout', id: 'r1', field: 'steps[0].weight' }));
  });

  it('refuses text that is not JSON, naming the document', () => {
    expect(() => readDocumentBody('incident', 'i1', '{"trunc', 1, {})).toThrow(
      expect.objectContaining({ kind: 'incident', id: 'i1', field: '(body)' }),
    );
  });

  it('refuses a format newer than the one it reads', () => {
    expect(() => readDocumentBody('decision', 'd1', '{}', 3, { version: 2 })).toThrow(
      /decision "d1" does not match its stored format: version: written in format 3, newer than the 2/,
    );
  });

  it('upgrades an older format before the schema checks it, and refuses one it cannot upgrade', () => {
    const upgrade = (body: unknown, from: number) => (from === 1 ? { ...(body as object), steps: [] } : body);
    expect(
      readDocumentBody('rollout', 'r1', '{"model":"recsys"}', 1, { schema: Rollout, version: 2, upgrade }),
    ).toEqual({ model: 'recsys', steps: [] });
    expect(() => readDocumentBody('rollout', 'r1', '{"model":"recsys"}', 1, { version: 2 })).toThrow(
      /older than 2, and no upgrade from it is defined/,
    );
  });

  it('names the kind by its label when one is given', () => {
    expect(() =>
      readDocumentBody('rollout', 'r1', '[]', 1, { schema: Rollout, label: 'rollout document' }),
    ).toThrow(/^rollout document "r1"/);
  });
});
