/**
 * The dashboard in headless Chromium against a real control plane and the demo's model servers:
 * sign in, watch a canary advance live, roll it back from the page with a reason, and see the
 * traffic, the incident and the audit entry change; a stale command gets "someone else acted
 * first"; the page asks no host but the control plane. Screenshots land in test-artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realTool } from '../support/real-tool.js';
import { V1, V2 } from '../e2e/seed-recsys.js';
import { ARTIFACTS, signIn, startDashboardStack } from './dashboard-stack.js';
import type { DashboardStack } from './dashboard-stack.js';

const browserTool = realTool('chromium', 'apt-get install chromium');

interface TrafficPolicy {
  stable: string;
  weights: { release: string; weight: number }[];
}
interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  reason?: string;
}

describe.skipIf(browserTool.skip)('dashboard in a browser', { timeout: 180_000 }, () => {
  let stack: DashboardStack;
  let operator: string;
  const requested: string[] = [];

  beforeAll(async () => {
    stack = await startDashboardStack(browserTool.path ?? '/usr/bin/chromium');
    ({ token: operator } = await stack.api.send<{ token: string }>('POST', '/tokens', {
      name: 'oncall-alice',
      role: 'operator',
    }));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const newPage = async (width = 1366, height = 900): Promise<Page> => {
    const page = await stack.browser.newPage({ viewport: { width, height } });
    page.on('request', (request) => requested.push(request.url()));
    return page;
  };

  it('serves the page with a CSP that allows no other host, and caches hashed assets for good', async () => {
    const index = await fetch(stack.plane.url);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, 'index.html names its bundled script').toBeDefined();
    const script = await fetch(`${stack.plane.url}${asset}`);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('watches a canary advance, rolls it back with a reason, and shows traffic, incident and audit change', async () => {
    const name = 'recsys-v2-dash';
    await stack.api.send('POST', '/rollouts', {
      name,
      model: 'recsys',
      release: V2,
      canary: {
        steps: [{ setWeight: 10 }, { pause: { duration: '3s' } }, { setWeight: 30 }, { pause: {} }],
      },
      analysis: { triggers: ['hard: error rate > 5% for 5s', 'hard: p95 latency up > 50% for 5s'] },
    });
    const page = await newPage();
    await signIn(page, stack.plane.url, operator);
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('oncall-alice · operator');

    await page.goto(`${stack.plane.url}/#/rollouts/${name}`);
    await page.getByText('● live').waitFor();
    // The canary advances on the page without a reload: 10 % then 30 %, events arriving.
    await expect.poll(() => page.getByTestId('weight').textContent(), { timeout: 40_000 }).toBe('30 %');
    await expect.poll(() => page.getByTestId('events').locator('li').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('trigger').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'rollout-live.png'), fullPage: true });

    await page.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByTestId('confirm');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByLabel('Roll back to').inputValue()).toBe(V1);
    await dialog.getByLabel(/Reason/).fill('v2 looks wrong on the canary');
    await page.screenshot({ path: join(ARTIFACTS, 'rollback-confirm.png') });
    await dialog.getByRole('button', { name: 'Roll back' }).click();

    await expect
      .poll(() => page.getByTestId('phase').textContent(), { timeout: 20_000 })
      .toMatch(/RollingBack|RolledBack/);
    await page.getByTestId('rollback-banner').waitFor();

    // Traffic: every user back on v1, on the API and on the overview.
    await expect
      .poll(async () => {
        const policy = await stack.api.get<TrafficPolicy>('/traffic/recsys');
        return policy.weights.filter((w) => w.weight > 0).length;
      })
      .toBe(0);
    await page.goto(`${stack.plane.url}/#/`);
    await expect
      .poll(() => page.getByTestId('split-recsys').textContent(), { timeout: 10_000 })
      .toContain(`${V1} 100 %`);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });

    // The incident: listed, and its detail shows the MTTR phases and the timeline.
    await page.goto(`${stack.plane.url}/#/incidents`);
    await page.getByTestId('incidents').locator('tbody tr').first().waitFor();
    await page.getByTestId('incidents').locator('tbody a').first().click();
    await page.getByTestId('incident').waitFor();
    expect(await page.getByTestId('incident').textContent()).toContain(`${V2} → ${V1}`);
    expect(await page.getByTestId('mttr').textContent()).toContain('triage');
    expect(await page.getByTestId('timeline').locator('li').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(ARTIFACTS, 'incident.png'), fullPage: true });

    // The audit entry names the person's token and reason, on the API and on the page.
    const audit = await stack.api.get<AuditEntry[]>(`/audit?target=rollout/${name}`);
    expect(audit).toContainEqual(
      expect.objectContaining({
        actor: 'oncall-alice',
        action: 'rollout.rollback',
        reason: 'v2 looks wrong on the canary',
      }),
    );
    await page.goto(`${stack.plane.url}/#/audit`);
    await expect
      .poll(() => page.getByTestId('audit').textContent())
      .toContain('v2 looks wrong on the canary');
    await page.close();
  });

  it('says "someone else acted first", and what they did, when a command meets a changed rollout', async () => {
    const name = 'recsys-v2-race';
    // The rollback above disabled v2's encoder flag; a new rollout of v2 needs it back, and the
    // model takes a new rollout once the last one's rollback is verified.
    await stack.api.send('PUT', '/flags/item-encoder@5', { enabled: true, reason: 'second try' });
    await expect
      .poll(
        async () =>
          (
            await stack.api.call('POST', '/rollouts', {
              name,
              model: 'recsys',
              release: V2,
              canary: { steps: [{ setWeight: 10 }, { pause: {} }] },
              analysis: { triggers: ['hard: error rate > 5% for 5s'] },
            })
          ).status,
        { timeout: 30_000, interval: 500 },
      )
      .toBe(201);
    const page = await newPage();
    await signIn(page, stack.plane.url, operator);
    await page.goto(`${stack.plane.url}/#/rollouts/${name}`);
    await page.getByRole('button', { name: 'Abort' }).waitFor();
    await page.getByRole('button', { name: 'Abort' }).click();
    await page.getByTestId('confirm').waitFor();
    // The page stops hearing about the rollout while a colleague acts on it.
    await page.route(`**/api/v1/rollouts/${name}**`, (route) =>
      route.request().method() === 'GET' ? route.abort() : route.continue(),
    );
    await stack.api.send('POST', `/rollouts/${name}/rollback`, { reason: 'bob pulled it from the CLI' });
    await page
      .getByTestId('confirm')
      .getByLabel(/Reason/)
      .fill('abort it');
    await page.getByTestId('confirm').getByRole('button', { name: 'Abort' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    const text = await conflict.textContent();
    expect(text).toContain('Someone else acted first');
    expect(text).toContain('rollout.rollback');
    expect(text).toContain('bob pulled it from the CLI');
    await page.unroute(`**/api/v1/rollouts/${name}**`);
    await page.close();
  });

  it('flips a blue/green rollout to green and back from the page', async () => {
    const name = 'recsys-v2-bluegreen';
    await stack.api.send('PUT', '/flags/item-encoder@5', { enabled: true, reason: 'third try' });
    await expect
      .poll(
        async () =>
          (
            await stack.api.call('POST', '/rollouts', {
              name,
              model: 'recsys',
              release: V2,
              blueGreen: { autoPromote: false, postPromotionAnalysis: { duration: '2m' }, keepWarm: '5m' },
              analysis: { triggers: ['hard: error rate > 5% for 5s'] },
            })
          ).status,
        { timeout: 30_000, interval: 500 },
      )
      .toBe(201);
    const page = await newPage();
    await signIn(page, stack.plane.url, operator);
    await page.goto(`${stack.plane.url}/#/rollouts/${name}`);
    const confirm = async (button: string, reason: string) => {
      await page.getByRole('button', { name: button, exact: true }).click();
      const dialog = page.getByTestId('confirm');
      await dialog.getByLabel(/Reason/).fill(reason);
      await dialog.getByRole('button', { name: button, exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await page.getByRole('button', { name: 'Flip to green' }).waitFor({ timeout: 30_000 });
    await confirm('Flip to green', 'green is warm; flipping');
    await expect
      .poll(async () => (await stack.api.get<TrafficPolicy>('/traffic/recsys')).stable, { timeout: 30_000 })
      .toBe(V2);
    await page.getByRole('button', { name: 'Flip back' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'blue-green-flipped.png'), fullPage: true });
    await confirm('Flip back', 'green misbehaves; back to blue');
    await expect
      .poll(async () => (await stack.api.get<TrafficPolicy>('/traffic/recsys')).stable, { timeout: 30_000 })
      .toBe(V1);
    await expect.poll(() => page.getByTestId('phase').textContent(), { timeout: 20_000 }).toMatch(/Rolled/);
    const audit = await stack.api.get<AuditEntry[]>(`/audit?target=rollout/${name}`);
    expect(audit.filter((e) => e.action === 'rollout.flip' && e.actor === 'oncall-alice')).toHaveLength(2);
    await page.close();
  });

  it('shows releases as bundles, diffs two, and answers what production was at an instant', async () => {
    const page = await newPage();
    await signIn(page, stack.plane.url, operator);
    await page.goto(`${stack.plane.url}/#/registry/recsys`);
    const v2 = page.getByTestId(`release-${V2}`);
    await v2.waitFor();
    expect(await v2.textContent()).toContain('item-encoder@5');
    await page.getByLabel('From').selectOption(V1);
    await page.getByLabel('to', { exact: true }).selectOption(V2);
    await page.getByRole('button', { name: 'Diff' }).click();
    await expect.poll(() => page.getByTestId('diff').textContent()).toContain('feature item-encoder4 → 5');
    const production = page.getByTestId('alias-production');
    await expect.poll(() => production.locator('li').count()).toBeGreaterThan(2);
    const ask = async (at: string) => {
      await production.getByLabel(/What was production at/).fill(at);
      await production.getByRole('button', { name: 'Ask' }).click();
      return production.getByTestId('alias-answer');
    };
    await expect.poll(async () => (await ask(new Date().toISOString())).textContent()).toContain(V1);
    await expect.poll(async () => (await ask('2020-01-01T02:17:00Z')).textContent()).toContain('not set yet');
    await page.screenshot({ path: join(ARTIFACTS, 'registry.png'), fullPage: true });
    await page.close();
  });

  it('shows a viewer no action, and lays the overview out on a phone', async () => {
    const { token } = await stack.api.send<{ token: string }>('POST', '/tokens', {
      name: 'pm-viewer',
      role: 'viewer',
    });
    const page = await newPage(390, 844);
    await signIn(page, stack.plane.url, token);
    await page.getByTestId('model-recsys').waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'phone-overview.png'), fullPage: true });
    await page.goto(`${stack.plane.url}/#/rollouts/recsys-v2-dash`);
    await page.getByTestId('rollout').waitFor();
    expect(await page.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
    expect(await page.getByText('is a viewer').count()).toBe(1);
    await page.close();
  });

  it('asked no host but the control plane, and never put the token in a URL', () => {
    expect(requested.length).toBeGreaterThan(10);
    const origin = new URL(stack.plane.url).origin;
    const elsewhere = requested.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
    expect(elsewhere).toEqual([]);
    expect(requested.filter((url) => url.includes(stack.adminToken) || url.includes(operator))).toEqual([]);
  });
});
