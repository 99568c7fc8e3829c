/**
 * Command line for the demo model server:
 *   node dist/demo/model-server/main.js --port 9101 --version v1 --expect-features encoder@v4
 * Prints one JSON line `{"url": ..., "port": ..., "version": ...}` once listening, so a parent
 * process can read the port when started with `--port 0`. A crash fault exits with code 70.
 */
import { Command, InvalidArgumentError } from 'commander';
import { pathToFileURL } from 'node:url';
import { startModelServer } from './start-model-server.js';

function number(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new InvalidArgumentError(`${name} must be a number, got "${value}"`);
    return parsed;
  };
}

export const CRASH_EXIT_CODE = 70;

export async function main(argv: string[]): Promise<void> {
  const program = new Command('model-server')
    .description('Demo recommender model server (TF Serving REST and KServe v2) with injectable faults')
    .option('--port <port>', 'port to listen on (0 = any free port)', number('--port'), 9101)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--model <name>', 'model name in the protocol paths', 'recsys')
    .option('--version <label>', 'version label, e.g. v1 or v2', 'v1')
    .option('--median-latency-ms <ms>', 'median latency (lognormal)', number('--median-latency-ms'), 20)
    .option('--error-rate <share>', 'baseline share of 500s', number('--error-rate'), 0)
    .option(
      '--conversion-rate <share>',
      'baseline conversion rate for synthetic clients',
      number('--conversion-rate'),
      0.1,
    )
    .option(
      '--expect-features <refs>',
      'comma-separated feature/encoder refs this model needs, e.g. encoder@v4',
    )
    .option('--reject-feature-mismatch', 'answer 422 when the features header lacks an expected ref')
    .option('--faults <json>', 'initial faults, e.g. \'[{"kind":"latency","multiply":1.4,"afterMs":60000}]\'')
    .option('--seed <n>', 'random seed', number('--seed'), 1)
    .helpOption('-h, --help')
    .version('0.1.0', '--cli-version');
  program.parse(argv);
  const opts = program.opts<{
    port: number;
    host: string;
    model: string;
    version: string;
    medianLatencyMs: number;
    errorRate: number;
    conversionRate: number;
    expectFeatures?: string;
    rejectFeatureMismatch?: boolean;
    faults?: string;
    seed: number;
  }>();
  const server = await startModelServer({
    port: opts.port,
    host: opts.host,
    model: opts.model,
    version: opts.version,
    medianLatencyMs: opts.medianLatencyMs,
    errorRate: opts.errorRate,
    conversionRate: opts.conversionRate,
    expectFeatures: opts.expectFeatures?.split(',').map((s) => s.trim()),
    onFeatureMismatch: opts.rejectFeatureMismatch ? 'reject' : 'count',
    faults: opts.faults ? (JSON.parse(opts.faults) as []) : undefined,
    seed: opts.seed,
    onCrash: () => process.exit(CRASH_EXIT_CODE),
  });
  process.stdout.write(
    `${JSON.stringify({ url: server.url, port: server.port, version: server.version })}\n`,
  );
  const shutdown = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv).catch((error: unknown) => {
    process.stderr.write(`model-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
