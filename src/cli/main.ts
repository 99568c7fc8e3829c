/** CLI entry point (bin/ripcord.js). Returns the process exit code: 0 ok, 1 failure, 2 usage. */
export async function main(argv: string[]): Promise<number> {
  process.stderr.write(`ripcord: command line not wired yet (${argv.slice(2).join(' ')})\n`);
  return 1;
}
