/**
 * Reads a request body up to a byte limit. Over the limit (declared or streamed) it stops
 * collecting and reports `tooLarge`, so the caller answers 413 and closes the connection instead
 * of buffering an unbounded upload.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: boolean };

const EMPTY = Buffer.alloc(0);

export function readBody(req: IncomingMessage, limit: number, done: (result: BodyResult) => void): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return done({ ok: false, tooLarge: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (result: BodyResult): void => {
    if (finished) return;
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    done(result);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > limit) finish({ ok: false, tooLarge: true });
    else chunks.push(chunk);
  };
  const onEnd = (): void =>
    finish({
      ok: true,
      body: chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
    });
  req.on('data', onData);
  req.on('end', onEnd);
  // A client that goes away mid-upload gets no answer; nothing stays allocated.
  req.once('error', () => finish({ ok: false, tooLarge: false }));
  req.once('close', () => finish({ ok: false, tooLarge: false }));
}
