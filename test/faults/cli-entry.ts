/** Child-process entry: the `ripcord` CLI from source, as `node bin/ripcord.js` runs it from dist/. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
