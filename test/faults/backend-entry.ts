/** Child-process entry: one model backend (fault-kit's) that a test can kill -9. Prints `{"url"}`. */
import { startBackend } from './fault-kit.js';

const backend = await startBackend(() => 5);
process.stdout.write(`${JSON.stringify({ url: backend.url })}\n`);
