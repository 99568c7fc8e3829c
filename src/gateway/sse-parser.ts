/**
 * Incremental text/event-stream parsing for the routing stream, by `eventsource-parser` (WHATWG
 * rules, linear in the input: a multi-megabyte snapshot arrives in many chunks).
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export class SseParser {
  readonly #parser: EventSourceParser;
  /** The last event id seen, which (per WHATWG) stays until another id replaces it. */
  #lastId: string | undefined;

  constructor(onEvent: (event: SseEvent) => void) {
    this.#parser = createParser({
      onEvent: (e) => {
        if (e.id !== undefined) this.#lastId = e.id;
        onEvent({ event: e.event ?? 'message', data: e.data, id: this.#lastId });
      },
    });
  }

  push(text: string): void {
    this.#parser.feed(text);
  }
}
