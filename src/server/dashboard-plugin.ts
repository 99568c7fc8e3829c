/**
 * The dashboard at `/`: static files of the Vite build, served by the control plane itself. The
 * page reads only the public API under /api/v1 (with the token a person enters), so the same
 * build works against any control plane. Its Content-Security-Policy allows no host but this one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { whoamiRoute } from '../api/routes/whoami-route.js';
import type { DashboardFile } from './dashboard-files.js';
import { findDashboardDir, loadDashboardFiles } from './dashboard-files.js';
import type { ControlPlanePlugin } from './start-control-plane.js';

/** Nothing leaves for another origin: scripts, styles, fonts, images and API calls are all 'self'. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface DashboardOptions {
  /** Folder of the built dashboard. @default dist/web of this package */
  dir?: string | undefined;
}

export function dashboardPlugin(options: DashboardOptions = {}): ControlPlanePlugin {
  return {
    name: 'dashboard',
    routes: () => [whoamiRoute()],
    mount: (app) => mountDashboard(app, options.dir ?? findDashboardDir()),
  };
}

export function mountDashboard(app: FastifyInstance, dir: string | undefined): void {
  // No build (a clone that skipped `npm install`'s prepare): `/` says how to make one.
  const built = dir !== undefined && existsSync(join(dir, 'index.html'));
  const files = built ? loadDashboardFiles(dir) : new Map<string, DashboardFile>();
  const send = (reply: FastifyReply, file: DashboardFile) =>
    securityHeaders(reply)
      .header('content-type', file.contentType)
      .header('cache-control', file.cacheControl)
      .send(file.body);
  const index = files.get('/index.html');
  app.get('/', async (_request, reply) => {
    if (index) return send(reply, index);
    return securityHeaders(reply)
      .status(503)
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send('The dashboard is not built: run `npm run build:web` (npm install runs it).\n');
  });
  for (const [path, file] of files) {
    if (path === '/index.html') continue;
    app.get(path, async (_request, reply) => send(reply, file));
  }
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');
}
