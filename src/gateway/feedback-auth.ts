/**
 * Who may send `POST /feedback`. KPI events steer verdicts (a bad conversion rate rolls a
 * release back), so a gateway records them only from callers that hold its secret, either as a
 * bearer token or as an HMAC-SHA256 signature over the body with a timestamp (the secret never
 * travels). A gateway with neither configured refuses feedback. Secrets are never logged or echoed.
 */
import { createHmac } from 'node:crypto';

import { sameSecret, secretFromEnv } from './gateway-secret.js';
import { rawHeader } from './raw-header.js';

/** `{ token }`: `authorization: Bearer <token>`. `{ hmacSecret }`: `x-ripcord-signature` (see FEEDBACK_SIGNATURE_HEADER). */
export type FeedbackAuth = { token: string } | { hmacSecret: string; maxSkewSeconds?: number };

/**
 * `x-ripcord-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the body byte for
 * byte as sent. A timestamp further than `maxSkewSeconds` (default 300) from the gateway's clock,
 * or a signature already used, is refused.
 */
export const FEEDBACK_SIGNATURE_HEADER = 'x-ripcord-signature';

/** The feedback secret from `RIPCORD_FEEDBACK_TOKEN` or `RIPCORD_FEEDBACK_HMAC_SECRET` (or their `_FILE` forms). */
export function feedbackAuthFromEnv(env: NodeJS.ProcessEnv = process.env): FeedbackAuth | undefined {
  const token = secretFromEnv('RIPCORD_FEEDBACK_TOKEN', env);
  const hmacSecret = secretFromEnv('RIPCORD_FEEDBACK_HMAC_SECRET', env);
  if (token !== undefined && hmacSecret !== undefined)
    throw new Error('RIPCORD_FEEDBACK_TOKEN and RIPCORD_FEEDBACK_HMAC_SECRET are both set; choose one');
  if (token !== undefined) return { token };
  if (hmacSecret !== undefined) return { hmacSecret };
  return undefined;
}

/** A refused caller: the status and what to fix (never the secret or what was sent). */
export interface AuthRefusal {
  status: 401 | 403;
  detail: string;
}

const DISABLED: AuthRefusal = {
  status: 403,
  detail:
    'feedback is disabled on this gateway: set RIPCORD_FEEDBACK_TOKEN or RIPCORD_FEEDBACK_HMAC_SECRET (or GatewayOptions.feedback.auth)',
};

/** Signatures seen recently, so a captured request cannot be replayed within the skew window. */
class RecentSignatures {
  private readonly seen = new Map<string, number>();
  private readonly ring: string[];
  private next = 0;
  constructor(private readonly capacity: number) {
    this.ring = new Array<string>(capacity);
  }
  /** False when `signature` was already used (and has not expired). */
  use(signature: string, expiresAt: number, now: number): boolean {
    const expiry = this.seen.get(signature);
    if (expiry !== undefined && expiry > now) return false;
    const old = this.ring[this.next];
    if (old !== undefined) this.seen.delete(old);
    this.ring[this.next] = signature;
    this.next = (this.next + 1) % this.capacity;
    this.seen.set(signature, expiresAt);
    return true;
  }
}

const SIGNATURE = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/;

export class FeedbackAuthenticator {
  private readonly token: Buffer | undefined;
  private readonly hmacSecret: Buffer | undefined;
  private readonly maxSkewMs: number;
  /** Signatures used within the skew window (at most 65,536 remembered: ~218 signed posts/s over 300 s). */
  private readonly recent: RecentSignatures | undefined;

  constructor(
    auth: FeedbackAuth | undefined,
    private readonly now: () => number,
  ) {
    if (auth && 'token' in auth) this.token = Buffer.from(auth.token, 'utf8');
    if (auth && 'hmacSecret' in auth) {
      this.hmacSecret = Buffer.from(auth.hmacSecret, 'utf8');
      this.recent = new RecentSignatures(65_536);
    }
    const skew = auth && 'hmacSecret' in auth ? (auth.maxSkewSeconds ?? 300) : 300;
    if (!(skew > 0)) throw new Error(`feedback.auth.maxSkewSeconds: ${skew} must be > 0`);
    this.maxSkewMs = skew * 1000;
    if ((this.token?.length ?? 16) < 16 || (this.hmacSecret?.length ?? 16) < 16)
      throw new Error('feedback.auth: the secret is shorter than 16 characters; use a random one');
  }

  /** Checks that need no body (disabled, bearer token): run before the body is read. */
  beforeBody(rawHeaders: readonly string[]): AuthRefusal | undefined {
    if (this.token) {
      const given = bearer(rawHeader(rawHeaders, 'authorization'));
      if (given === undefined)
        return {
          status: 401,
          detail: 'send the gateway\'s feedback token as "authorization: Bearer <token>"',
        };
      return sameSecret(given, this.token)
        ? undefined
        : { status: 401, detail: 'the feedback token is not valid' };
    }
    if (this.hmacSecret) {
      if (rawHeader(rawHeaders, FEEDBACK_SIGNATURE_HEADER) === undefined)
        return {
          status: 401,
          detail: `sign the body: ${FEEDBACK_SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
        };
      return undefined;
    }
    return DISABLED;
  }

  /** The HMAC check over the body as received (a bearer token was checked before). */
  afterBody(rawHeaders: readonly string[], body: Buffer): AuthRefusal | undefined {
    if (!this.hmacSecret) return undefined;
    const m = SIGNATURE.exec(rawHeader(rawHeaders, FEEDBACK_SIGNATURE_HEADER) ?? '');
    if (!m)
      return {
        status: 401,
        detail: `${FEEDBACK_SIGNATURE_HEADER}: use t=<unix seconds>,v1=<64 hex digits>`,
      };
    const t = Number(m[1]);
    const now = this.now();
    if (Math.abs(now - t * 1000) > this.maxSkewMs)
      return {
        status: 401,
        detail: `${FEEDBACK_SIGNATURE_HEADER}: timestamp ${t} is more than ${this.maxSkewMs / 1000} s from the gateway's clock; sign with the current time`,
      };
    const expected = createHmac('sha256', this.hmacSecret).update(`${m[1]}.`).update(body).digest('hex');
    if (!sameSecret(m[2]!, Buffer.from(expected, 'utf8')))
      return { status: 401, detail: `${FEEDBACK_SIGNATURE_HEADER}: the signature does not match the body` };
    if (!this.recent!.use(m[2]!, t * 1000 + this.maxSkewMs, now))
      return {
        status: 401,
        detail: `${FEEDBACK_SIGNATURE_HEADER}: this signature was already used; sign each request anew`,
      };
    return undefined;
  }
}

/** The token of an `authorization: Bearer <token>` header. */
function bearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = header.slice(space + 1).trim();
  return token === '' ? undefined : token;
}

/** `createHmac` as a client computes the header, for clients and tests in TypeScript. */
export function signFeedback(secret: string, body: string | Buffer, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
