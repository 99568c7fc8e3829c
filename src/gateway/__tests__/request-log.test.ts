import { describe, expect, it } from 'vitest';

import { RequestLog } from '../request-log.js';

describe('RequestLog', () => {
  it('keeps the last `capacity` request ids and evicts the oldest', () => {
    const log = new RequestLog(3);
    const route = (release: string) => ({ model: 'm', release, region: 'default' });
    for (const id of ['a', 'b', 'c', 'd']) log.set(id, route(id));
    expect(log.get('a')).toBeUndefined();
    expect(log.get('d')).toEqual(route('d'));
    expect(log.size).toBe(3);
  });

  it('does not evict a repeated id through its older slot', () => {
    const log = new RequestLog(2);
    const route = (release: string) => ({ model: 'm', release, region: 'default' });
    log.set('x', route('v1'));
    log.set('y', route('v1'));
    log.set('x', route('v2')); // overwrites the old slot of x
    expect(log.get('x')).toEqual(route('v2'));
    expect(log.get('y')).toEqual(route('v1'));
    const shared = route('v3');
    const again = new RequestLog(3);
    again.set('a', shared);
    again.set('b', shared);
    again.set('a', shared); // a's latest write is slot 2
    again.set('c', shared); // evicts slot 0, which a no longer owns
    expect(again.get('a')).toBe(shared);
    expect(again.get('b')).toBe(shared);
  });
});
