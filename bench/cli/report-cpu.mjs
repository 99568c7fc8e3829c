// Loaded with `node --import`: on exit, writes the process's CPU time (user + system, µs) to the
// file named by RIPCORD_BENCH_CPU, so the bench reads what each invocation cost, not the machine.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.RIPCORD_BENCH_CPU;
process.on('exit', () => {
  if (!file) return;
  const { user, system } = process.cpuUsage();
  appendFileSync(file, `${user + system}\n`);
});
