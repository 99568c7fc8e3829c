/**
 * The suite every Notifier runs (notifier.ts states the rules). An implementation's test calls
 * `runNotifierContract(name, make)`; `make` builds a fresh notifier and its receiver per test.
 */
import { describe, expect, it } from 'vitest';
import type { IncidentNotice, NoticeKind, Notifier } from './notifier.js';

export interface NotifierFixture {
  subject: Notifier;
  /** Notice ids the receiver accepted, each once: deduplicated by the key the notifier sent. */
  received(): Promise<string[]>;
  /** The receiver fails the next `attempts` deliveries with an error worth retrying. */
  flaky?(attempts: number): void;
  /** The receiver refuses every delivery from now on. */
  refuse?(): void;
  /** The receiver stops answering. */
  hang?(): void;
  /** A secret the notifier holds: it must never appear in an error. */
  secret?: string;
  close(): Promise<void>;
}

export function sampleNotice(kind: NoticeKind = 'escalated', incidentId = 'rb_contract'): IncidentNotice {
  return {
    id: `${incidentId}/${kind}`,
    kind,
    incidentId,
    rollout: 'recsys-v2',
    model: 'recsys',
    release: 'recsys-v2-enc5',
    target: 'recsys-v1-enc4',
    trigger: 'hard: error rate > 5% for 1m',
    reason: 'error rate 9.1 % over 1m',
    role: 'canary',
    actor: 'ripcord-controller',
    decidedAt: Date.parse('2026-11-24T02:00:00Z'),
    at: Date.parse('2026-11-24T02:00:30Z'),
  };
}

const never = (): AbortSignal => new AbortController().signal;

export function runNotifierContract(name: string, make: () => Promise<NotifierFixture>): void {
  describe(`Notifier contract: ${name}`, () => {
    const using = async (test: (fixture: NotifierFixture) => Promise<void>): Promise<void> => {
      const fixture = await make();
      try {
        await test(fixture);
      } finally {
        await fixture.close();
      }
    };

    it('has a name', () =>
      using(({ subject }) => {
        expect(subject.name).toMatch(/\S/);
        return Promise.resolve();
      }));

    it('delivers a notice', () =>
      using(async ({ subject, received }) => {
        const notice = sampleNotice();
        await subject.notify(notice, never());
        expect(await received()).toEqual([notice.id]);
      }));

    it('delivers once per notice id when the same notice is sent again (a restarted controller)', () =>
      using(async ({ subject, received }) => {
        const notice = sampleNotice();
        await subject.notify(notice, never());
        await subject.notify({ ...notice }, never());
        await subject.notify(sampleNotice('resolved'), never());
        expect(await received()).toEqual([notice.id, sampleNotice('resolved').id]);
      }));

    it('delivers once across retries of a receiver that fails for a while', () =>
      using(async ({ subject, received, flaky }) => {
        if (!flaky) return;
        flaky(2);
        const notice = sampleNotice();
        await subject.notify(notice, never());
        expect(await received()).toEqual([notice.id]);
      }));

    it('rejects naming the system when the receiver refuses, without a secret', () =>
      using(async ({ subject, refuse, secret }) => {
        if (!refuse) return;
        refuse();
        const error = await subject.notify(sampleNotice(), never()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toContain(subject.name);
        if (secret)
          expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
            secret,
          );
      }));

    it('rejects at once when already aborted', () =>
      using(async ({ subject, received }) => {
        const abort = new AbortController();
        abort.abort();
        await expect(subject.notify(sampleNotice(), abort.signal)).rejects.toThrow();
        expect(await received()).toEqual([]);
      }));

    it('stops promptly when aborted during a delivery', () =>
      using(async ({ subject, hang }) => {
        if (!hang) return;
        hang();
        const abort = new AbortController();
        const started = Date.now();
        const delivering = subject.notify(sampleNotice(), abort.signal).catch((e: unknown) => e);
        setTimeout(() => abort.abort(), 20);
        expect(await delivering).toBeInstanceOf(Error);
        expect(Date.now() - started).toBeLessThan(1_000);
      }));
  });
}
