/**
 * The scale worker as a production controller runs: compiled to JavaScript by tsc (as `npm run
 * build` compiles src/ to dist/) and run by plain node, without the tsx loader, its compile cache
 * and source maps, which a controller started by `ripcord up` does not carry.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');

export function compileWorker(): { loader: string[]; file: string } {
  const out = path.join(here, '.out', 'compiled');
  mkdirSync(out, { recursive: true });
  const tsc = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(here, 'tsconfig.worker.json'),
      '--outDir',
      out,
    ],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error(`compiling the scale worker failed (tsc exited ${tsc.status})`);
  // src/core/version.ts reads the package.json two levels above its own file, as from dist/core/.
  copyFileSync(path.join(root, 'package.json'), path.join(out, 'package.json'));
  return { loader: [], file: path.join(out, 'bench', 'scale', 'scale-worker.js') };
}
