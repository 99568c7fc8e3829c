/**
 * Child-process entry for the two demo model servers (v1 and v2), so their simulated latency is
 * not disturbed by the event loop of the process under test. Options come as one JSON argument;
 * prints `{"v1": url, "v2": url}` once both listen. Faults are set over `POST /admin/faults`.
 */
import { startModelServer } from '../../src/demo/model-server/index.js';
import type { ModelServerOptions } from '../../src/demo/model-server/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as { v1?: ModelServerOptions; v2?: ModelServerOptions };
const v1 = await startModelServer({ version: 'v1', seed: 11, ...options.v1 });
const v2 = await startModelServer({ version: 'v2', seed: 22, ...options.v2 });
process.stdout.write(`${JSON.stringify({ v1: v1.url, v2: v2.url })}\n`);
const stop = (): void => void Promise.all([v1.close(), v2.close()]).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
