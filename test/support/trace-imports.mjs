// Loaded with `node --import`: appends every module URL the process loads to the file named by
// RIPCORD_TRACE_IMPORTS, one per line, so a test can tell which modules a command pulled in.
import { register } from 'node:module';
import process from 'node:process';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = ${JSON.stringify(process.env.RIPCORD_TRACE_IMPORTS ?? '')};
export async function load(url, context, next) {
  if (file) appendFileSync(file, url + '\\n');
  return next(url, context);
}`)}`,
);
