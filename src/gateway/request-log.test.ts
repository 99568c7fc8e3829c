import { describe, expect, it } from 'vitest';

import { nextRequestSeq, requestIdOf, requestSeqOf } from './request-id.js';
import { RequestLog } from './request-log.js';

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

  it('keeps the last `capacity` ids it issued by number, and finds them by their id', () => {
    const log = new RequestLog(3);
    const route = (release: string) => ({ model: 'm', release, region: 'default' });
    const seqs = [nextRequestSeq(), nextRequestSeq(), nextRequestSeq(), nextRequestSeq()];
    seqs.forEach((seq, i) => log.setOwn(seq, route(`v${i}`)));
    expect(log.get(requestIdOf(seqs[0]!))).toBeUndefined(); // its slot now holds the fourth
    expect(log.get(requestIdOf(seqs[3]!))).toEqual(route('v3'));
    expect(log.get(requestIdOf(seqs[1]!))).toEqual(route('v1'));
    expect(log.size).toBe(3);
    // A client echoing an issued id with its own later request: the later write wins.
    log.set(requestIdOf(seqs[3]!), route('echo'));
    expect(log.get(requestIdOf(seqs[3]!))).toEqual(route('echo'));
  });

  it('reads a request number only from the exact form this process issues', () => {
    const seq = nextRequestSeq();
    const id = requestIdOf(seq);
    expect(requestSeqOf(id)).toBe(seq);
    // 35 is "z": upper case changes it whatever the random prefix holds (it may be all digits).
    expect(requestSeqOf(requestIdOf(35).toUpperCase())).toBeUndefined();
    expect(requestSeqOf(`${id}!`)).toBeUndefined();
    expect(requestSeqOf(id.replace(/-[0-9a-z]+$/, '-0'))).toBeUndefined();
    expect(requestSeqOf(`0000000000000000-${seq.toString(36)}`)).toBeUndefined();
    expect(requestSeqOf('req-42')).toBeUndefined();
  });
});
