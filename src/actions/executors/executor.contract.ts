/**
 * The executor contract as a suite: every executor's test calls `runExecutorContract` with a
 * factory that builds the executor over a fresh system, so the rules in executor.ts (idempotent,
 * planned without writing, verified, cancellable, no secrets) are checked for each one alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionContext, Executor } from './executor.js';

export interface ExecutorHarness {
  subject: Executor;
  /** The rollback it acts on; the system starts away from the state `apply` brings about. */
  context: ActionContext;
  /** Everything the executor could change, as comparable JSON (audit trails included). */
  state(): Promise<unknown>;
  /** Secrets the harness configured (tokens, signing keys); no result, plan or error may hold one. */
  secrets?: readonly string[] | undefined;
  /** Makes the system refuse the next apply, so the suite can read the error it causes. */
  refuse?(): Promise<void>;
  close(): Promise<void>;
}

const live = (): AbortSignal => new AbortController().signal;

function aborted(): AbortSignal {
  const controller = new AbortController();
  controller.abort(new Error('cancelled by the test'));
  return controller.signal;
}

export function runExecutorContract(name: string, make: () => Promise<ExecutorHarness>): void {
  describe(`${name} (executor contract)`, () => {
    let h: ExecutorHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.close();
    });

    it('plans a change before apply and none after it', async () => {
      const before = await h.subject.plan(h.context, live());
      expect(before.changes).toBe(true);
      expect(before.summary).toMatch(/\S/);
      expect((await h.subject.apply(h.context, live())).changed).toBe(true);
      const after = await h.subject.plan(h.context, live());
      expect(after.changes).toBe(false);
      expect(after.summary).toMatch(/\S/);
    });

    it('never writes when planning', async () => {
      const initial = await h.state();
      await h.subject.plan(h.context, live());
      expect(await h.state()).toEqual(initial);
      await h.subject.apply(h.context, live());
      const applied = await h.state();
      expect(applied).not.toEqual(initial);
      await h.subject.plan(h.context, live());
      expect(await h.state()).toEqual(applied);
    });

    it('applies twice with the effect of once', async () => {
      expect((await h.subject.apply(h.context, live())).changed).toBe(true);
      const once = await h.state();
      expect((await h.subject.apply(h.context, live())).changed).toBe(false);
      expect(await h.state()).toEqual(once);
    });

    it('verifies the change it made', async () => {
      if (!h.subject.verify) return;
      await h.subject.apply(h.context, live());
      const check = await h.subject.verify(h.context, live());
      expect(check).toMatchObject({ ok: true });
      expect(check.message).toMatch(/\S/);
    });

    it('stops on an aborted signal without changing anything', async () => {
      const initial = await h.state();
      await expect(h.subject.apply(h.context, aborted())).rejects.toThrow();
      await expect(h.subject.plan(h.context, aborted())).rejects.toThrow();
      expect(await h.state()).toEqual(initial);
    });

    it('keeps secrets out of plans, results and errors', async () => {
      const secrets = h.secrets ?? [];
      const said: unknown[] = [await h.subject.plan(h.context, live())];
      if (h.refuse) {
        await h.refuse();
        const error = await h.subject.apply(h.context, live()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, 'apply resolved although the system refused').toBeInstanceOf(Error);
        said.push(String(error), (error as Error).stack, { ...(error as object) });
      }
      said.push(await h.subject.apply(h.context, live()));
      if (h.subject.verify) said.push(await h.subject.verify(h.context, live()));
      said.push(await h.subject.plan(h.context, live()));
      const text = JSON.stringify(said);
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
}
