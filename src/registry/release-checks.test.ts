import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../core/errors.js';
import {
  aliasInstant,
  checkAliasName,
  checkAliasTarget,
  checkReleaseFeatures,
  checkReleaseUnchanged,
  checkVersionLive,
} from './release-checks.js';
import type { ReleaseSpec } from './release-checks.js';
import type { ModelVersion, Release } from './types.js';

const version = {
  model: 'recsys',
  version: 1,
  compatibleFeatures: [{ name: 'item-encoder', version: '4' }],
  archived: false,
} as ModelVersion;
const spec = {
  name: 'recsys-v1',
  model: 'recsys',
  modelVersion: 1,
  features: [{ name: 'item-encoder', version: '4' }],
  serving: { backends: [{ url: 'http://127.0.0.1:9101', weight: 1 }] },
} as ReleaseSpec;

describe('release checks', () => {
  it('refuses an unregistered feature version, then an incompatible one, naming the index', () => {
    expect(() => checkReleaseFeatures(spec, version, new Set())).toThrow(
      /features\[0\]: feature version item-encoder@4 is not registered/,
    );
    const enc5 = { ...spec, features: [{ name: 'item-encoder', version: '5' }] };
    expect(() => checkReleaseFeatures(enc5, version, new Set(['item-encoder@5']))).toThrow(
      /does not declare item-encoder@5 compatible \(declared: item-encoder@4\)/,
    );
    expect(() => checkReleaseFeatures(spec, version, new Set(['item-encoder@4']))).not.toThrow();
  });

  it('treats a re-create with the same contents as a no-op and anything else as a conflict', () => {
    const existing = { ...spec, description: '', healthyBaseline: true } as unknown as Release;
    expect(() => checkReleaseUnchanged(existing, spec)).not.toThrow();
    expect(() => checkReleaseUnchanged({ ...existing, modelVersion: 2 }, spec)).toThrow(ConflictError);
  });

  it('refuses an archived model version for a new release', () => {
    expect(() => checkVersionLive(spec, { ...version, archived: true })).toThrow(
      /modelVersion: recsys@1 is archived/,
    );
  });

  it('checks alias names, targets and instants with the field named', () => {
    expect(() => checkAliasName('Prod')).toThrow(ValidationError);
    expect(() => checkAliasName('production')).not.toThrow();
    expect(() => checkAliasTarget('search', { name: 'recsys-v1', model: 'recsys' } as Release)).toThrow(
      /release: "recsys-v1" serves model "recsys", not "search"/,
    );
    expect(aliasInstant('2026-11-24T02:17:00Z')).toBe('2026-11-24T02:17:00.000Z');
    expect(() => aliasInstant('yesterday')).toThrow(expect.objectContaining({ field: 'at' }));
  });
});
