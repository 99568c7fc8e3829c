/**
 * Setup file (vitest.config.ts): after each test file, drop the PostgreSQL schemas it created.
 * Registered first, so with vitest's stacked hooks this runs after the file's own afterAll
 * (which stops the processes and closes the stores using them). Files that never opened a
 * PostgreSQL store pay nothing: the database module is loaded only when it left schemas behind.
 */
import { afterAll } from 'vitest';

afterAll(async () => {
  const pending = (globalThis as { ripcordTestSchemas?: Set<string> }).ripcordTestSchemas;
  if (!pending || pending.size === 0) return;
  const { dropCreatedSchemas } = await import('./databases.js');
  await dropCreatedSchemas();
}, 30_000);
