/**
 * Reads a request body up to a byte limit. Over the limit (declared or streamed) it stops
 * collecting and reports `tooLarge`, so the caller answers 413 and closes the connection instead
 * of buffering an unbounded upload. A class with inline listeners: no named closures per request.
 */
import type { IncomingMessage } from 'node:http';

import { rawHeader } from './raw-header.js';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: boolean };

const EMPTY = Buffer.alloc(0);

class BodyReader {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private finished = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly limit: number,
    private readonly done: (result: BodyResult) => void,
  ) {
    req.on('data', (chunk: Buffer) => this.data(chunk));
    req.on('end', () => this.end());
    // A client that goes away mid-upload gets no answer; nothing stays allocated. (No 'error'
    // listener: IncomingMessage emits errors only to listeners, and 'close' follows an abort.)
    req.on('close', () => this.finish({ ok: false, tooLarge: false }));
  }

  private data(chunk: Buffer): void {
    if (this.finished) return;
    this.size += chunk.length;
    if (this.size > this.limit) this.finish({ ok: false, tooLarge: true });
    else this.chunks.push(chunk);
  }

  private end(): void {
    const { chunks } = this;
    this.finish({
      ok: true,
      body: chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size),
    });
  }

  private finish(result: BodyResult): void {
    if (this.finished) return;
    this.finished = true;
    this.chunks.length = 0;
    this.done(result);
  }
}

export function readBody(req: IncomingMessage, limit: number, done: (result: BodyResult) => void): void {
  const declared = rawHeader(req.rawHeaders, 'content-length');
  if (declared !== undefined && Number(declared) > limit) return done({ ok: false, tooLarge: true });
  new BodyReader(req, limit, done);
}
