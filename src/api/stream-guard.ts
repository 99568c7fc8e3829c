/**
 * Event streams stay open for hours, so the token that opened one is checked for as long as it
 * lasts: a revoked token's streams close at once on this host (registry change) and within
 * `recheckMs` on any other host sharing the database.
 */
import type { ServerResponse } from 'node:http';
import type { Registry } from '../registry/registry.js';

interface OpenStream {
  tokenId: string;
  secret: string;
  response: ServerResponse;
}

export class StreamGuard {
  readonly #registry: Registry;
  readonly #open = new Set<OpenStream>();
  readonly #unsubscribe: () => void;
  readonly #timer: NodeJS.Timeout;

  constructor(registry: Registry, recheckMs = 15_000) {
    this.#registry = registry;
    this.#unsubscribe = registry.onChange((change) => {
      if (change.kind === 'token' && change.action === 'revoke')
        this.#closeWhere((s) => s.tokenId === change.name);
    });
    this.#timer = setInterval(() => void this.#recheck(), recheckMs);
    this.#timer.unref();
  }

  /** Watches a stream opened with a token (`secret` is kept in memory only, to re-check it). */
  watch(tokenId: string, secret: string, response: ServerResponse): void {
    const stream = { tokenId, secret, response };
    this.#open.add(stream);
    response.once('close', () => this.#open.delete(stream));
  }

  get size(): number {
    return this.#open.size;
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#timer);
  }

  async #recheck(): Promise<void> {
    const secrets = new Set([...this.#open].map((s) => s.secret));
    for (const secret of secrets) {
      const principal = await this.#registry.authenticate(secret).catch(() => 'unknown' as const);
      if (principal === undefined) this.#closeWhere((s) => s.secret === secret);
    }
  }

  #closeWhere(match: (stream: OpenStream) => boolean): void {
    for (const stream of this.#open) {
      if (!match(stream)) continue;
      this.#open.delete(stream);
      // destroy, not end: a writer mid-send must find the stream gone rather than write after its end.
      stream.response.destroy();
    }
  }
}
