/**
 * Inclusive time of the functions a CPU profile (SCALE_CPUPROFILE, see profile-summary.ts) names:
 * the share of all samples under each, counted once however deep it recurses. Where self time is
 * flat (no single hot function), this says which phase of a tick the time belongs to.
 *
 *   npx tsx bench/scale/profile-inclusive.ts <file.cpuprofile> [name ...]
 *   npx tsx bench/scale/profile-inclusive.ts <file.cpuprofile> --under <name>   (self time beneath it)
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
const [file, ...asked] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-inclusive.ts <file.cpuprofile> [function name ...]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const under = asked[0] === '--under' ? asked[1] : undefined;
const names = under ? [under] : asked.length > 0 ? asked : DEFAULT_NAMES();
const selfUnder = new Map<string, number>();
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const inclusive = new Map<string, number>(names.map((n) => [n, 0]));
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const leaf = byId.get(id)?.callFrame.functionName;
  if (leaf === '(idle)' || leaf === '(program)') return;
  total += dt;
  const seen = new Set<string>();
  const leafFrame = byId.get(id)?.callFrame;
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = byId.get(at)?.callFrame.functionName ?? '';
    if (inclusive.has(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, inclusive.get(name)! + dt);
      if (name === under && leafFrame) {
        const key = `${leafFrame.functionName || '(anonymous)'} ${leafFrame.url.split('/').slice(-2).join('/')}`;
        selfUnder.set(key, (selfUnder.get(key) ?? 0) + dt);
      }
    }
  }
});
console.log(`total ${(total / 1e6).toFixed(2)} s of samples`);
for (const [name, micros] of [...inclusive].sort((a, b) => b[1] - a[1]))
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`);

if (under)
  for (const [name, micros] of [...selfUnder].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %    self: ${name}`);

function DEFAULT_NAMES(): string[] {
  return [
    '(garbage collector)',
    'tick',
    'feed',
    'importBuckets',
    'reconcile',
    'judge',
    'window',
    'series',
    'mergeWindow',
    'evaluate',
    'runningBlocks',
    'windowBlocks',
    'readWindows',
    'saveStatus',
    'list',
  ];
}
