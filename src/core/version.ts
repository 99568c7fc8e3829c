import { readFileSync } from 'node:fs';

/** ripcord's own version, from its package.json (src/core and dist/core both sit two levels below it). */
export const RIPCORD_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
