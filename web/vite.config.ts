/**
 * The dashboard's build: one page, scripts and styles bundled into dist/web/assets with content
 * hashes (served immutable by src/server/dashboard-plugin.ts). Nothing is loaded from another host.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No inline script or style: the CSP allows 'self' only, and no module-preload polyfill.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web` while a control plane runs on :7070: the API is proxied, the page hot-reloads.
    proxy: { '/api': 'http://127.0.0.1:7070' },
  },
});
