import { describe, expect, it } from 'vitest';

import { SseParser, type SseEvent } from './sse-parser.js';

describe('SseParser', () => {
  it('splits events across chunks and line endings, ignoring comments', () => {
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    for (const chunk of [
      ': ping\n\nevent: snap',
      'shot\r\nid: 7\r\ndata: {"a":',
      '1}\r',
      '\n\r\ndata: x\ndata: y\n\n',
    ])
      p.push(chunk);
    expect(events).toEqual([
      { event: 'snapshot', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'x\ny', id: '7' },
    ]);
  });
});
