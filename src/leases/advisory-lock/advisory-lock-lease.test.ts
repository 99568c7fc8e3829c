import { describe, expect, it } from 'vitest';
import { advisoryLockLease, LEADER_LOCK_KEY, leaderLockKey } from './advisory-lock-lease.js';

describe('advisoryLockLease', () => {
  it('refuses a store without advisory locks, naming it and the alternative', () => {
    expect(() => advisoryLockLease({ description: 'sqlite:./ripcord.db' })).toThrow(
      /sqlite:\.\/ripcord\.db has no advisory locks; use the single lease/,
    );
  });

  it('gives each schema its own lock key, the public schema the historical one', () => {
    expect(leaderLockKey(undefined)).toBe(LEADER_LOCK_KEY);
    expect(leaderLockKey('public')).toBe(LEADER_LOCK_KEY);
    expect(leaderLockKey('team_a')).toBe(leaderLockKey('team_a'));
    expect(leaderLockKey('team_a')).not.toBe(leaderLockKey('team_b'));
    expect(leaderLockKey('team_a')).not.toBe(LEADER_LOCK_KEY);
  });
});
