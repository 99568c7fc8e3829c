// `npm install` in a clone: compile TypeScript into dist/ (saying so, since it takes a while) and
// build the dashboard into dist/web, then
// link the `ripcord` command into node_modules/.bin so `npx --no-install ripcord …` runs this
// clone's CLI and never fetches a package from the registry.
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
process.stderr.write('ripcord: compiling TypeScript into dist/ (a minute or more on a small machine)...\n');
const started = Date.now();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
// The dashboard (web/, a Vite app) into dist/web, which the control plane serves at `/`.
// vite's package exports do not include its bin: find it beside its package.json.
const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
const web = spawnSync(
  process.execPath,
  [vite, 'build', '--logLevel', 'warn', '--config', join(root, 'web', 'vite.config.ts')],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
if (web.status !== 0) process.exit(web.status ?? 1);
process.stderr.write(`ripcord: built in ${Math.round((Date.now() - started) / 1000)} s\n`);

// Only in a clone's own install, not when installed as another project's dependency.
const binDir = join(root, 'node_modules', '.bin');
if (!root.split(/[\\/]/).includes('node_modules') && existsSync(join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const link = join(binDir, 'ripcord');
  try {
    if (lstatSync(link)) unlinkSync(link);
  } catch {
    // no previous link
  }
  symlinkSync(relative(binDir, join(root, 'bin', 'ripcord.js')), link);
  process.stderr.write('ripcord: try `npx --no-install ripcord demo` (or `npm run demo`)\n');
}
