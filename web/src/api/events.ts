/**
 * A server-sent event stream read with fetch (EventSource cannot send an Authorization header),
 * reconnecting with a short backoff until closed.
 */
import { createParser } from 'eventsource-parser';
import { authHeaders } from './client';

export interface StreamEvent {
  event: string;
  data: string;
}

export function openEventStream(
  path: string,
  onEvent: (event: StreamEvent) => void,
  onState: (state: 'live' | 'reconnecting') => void,
): () => void {
  const controller = new AbortController();
  let delay = 500;
  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`/api/v1${path}`, {
          headers: { accept: 'text/event-stream', ...authHeaders() },
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState('live');
        delay = 500;
        const parser = createParser({
          onEvent: (message) => onEvent({ event: message.event ?? 'message', data: message.data }),
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void run();
  return () => controller.abort();
}
