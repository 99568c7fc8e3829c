#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error(
    'ripcord: dist/ is missing; build it first with `npm run build` (or `npm install`) in the clone',
  );
  process.exit(1);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv);
