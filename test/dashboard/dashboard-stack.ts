/**
 * What the dashboard suites drive: a control plane as `ripcord up` runs it (its own process, SQLite),
 * the demo's two model servers, the recommender registered over the API, synthetic users through
 * the real gateway, and headless Chromium (Debian's) driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { e2eApi } from '../e2e/api-client.js';
import type { E2eApi } from '../e2e/api-client.js';
import { startLoad } from '../e2e/load-generator.js';
import type { LoadGenerator } from '../e2e/load-generator.js';
import { seedRecsys } from '../e2e/seed-recsys.js';
import { spawnEntry } from '../e2e/spawn-entry.js';
import type { SpawnedEntry } from '../e2e/spawn-entry.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots kept as test artifacts (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');

/** Flags the machine's closed network needs: no background calls to Google's hosts. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The dashboard is built by `npm install`; a clone that skipped it is built here once. */
export function ensureDashboardBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'web', 'index.html'))) return;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'web', 'vite.config.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** A child process's first JSON line; a machine busy with other builds may take a while to start one. */
const READY_MS = 90_000;

interface Plane {
  url: string;
  gatewayUrl: string;
  token: string;
}

async function stop(entry: SpawnedEntry<unknown>): Promise<void> {
  if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGTERM');
  await entry.exited;
}

export interface DashboardStack {
  plane: Plane;
  /** Admin API client (the bootstrap token). */
  api: E2eApi;
  adminToken: string;
  browser: Browser;
  load: LoadGenerator;
  close(): Promise<void>;
}

export async function startDashboardStack(chromiumPath: string): Promise<DashboardStack> {
  ensureDashboardBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ripcord-dashboard-'));
  const fast = { medianLatencyMs: 5, latencySigma: 0.2, simulateLatency: false };
  const servers = await spawnEntry<{ v1: string; v2: string }>(
    new URL('../e2e/model-servers-entry.ts', import.meta.url),
    [JSON.stringify({ v1: fast, v2: fast })],
    READY_MS,
  );
  // A control plane as `ripcord up` runs it: API (and so the dashboard), gateway, controller.
  const planeEntry = await spawnEntry<Plane>(
    new URL('../e2e/plane-entry.ts', import.meta.url),
    [JSON.stringify({ dataDir, tickMs: 250 })],
    READY_MS,
  );
  const plane = planeEntry.ready;
  const adminToken = plane.token;
  const api = e2eApi(plane.url, adminToken);
  await seedRecsys(api, servers.ready);
  const load = startLoad({ gatewayUrl: plane.gatewayUrl, ratePerSecond: 150 });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  return {
    plane,
    api,
    adminToken,
    browser,
    load,
    async close() {
      await browser.close().catch(() => undefined);
      await load.stop();
      await stop(planeEntry);
      await stop(servers);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the dashboard and signs in with `token` the way a person does: typed into the form. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}
