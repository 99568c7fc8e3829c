import { describe, expect, it } from 'vitest';
import { advisoryLockLease } from './advisory-lock-lease.js';

describe('advisoryLockLease', () => {
  it('refuses a store without advisory locks, naming it and the alternative', () => {
    expect(() => advisoryLockLease({ description: 'sqlite:./ripcord.db' })).toThrow(
      /sqlite:\.\/ripcord\.db has no advisory locks; use the single lease/,
    );
  });
});
