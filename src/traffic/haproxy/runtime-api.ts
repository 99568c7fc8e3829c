/**
 * HAProxy's Runtime API (the `stats socket ... level admin` of haproxy.cfg): one connection per
 * batch of commands, `;`-separated on one line, answered and closed by HAProxy. Changes made
 * here take effect at once, with no reload (a reload would drop connections and the weights).
 */
import { connect } from 'node:net';

export interface RuntimeApi {
  /** Sends the commands in one batch; resolves with HAProxy's answer (the commands' outputs, concatenated). */
  run(commands: readonly string[], signal?: AbortSignal): Promise<string>;
  /** Where the socket is, for errors. */
  readonly address: string;
}

/** `address`: a Unix socket path, or `host:port` for a TCP stats socket. */
export function runtimeApi(address: string, timeoutMs = 2_000): RuntimeApi {
  const tcp = /^[^/]+:\d+$/.test(address);
  return {
    address,
    run: (commands, signal) =>
      new Promise((resolve, reject) => {
        signal?.throwIfAborted();
        for (const command of commands)
          if (/[;\n]/.test(command))
            return reject(
              new Error(`haproxy runtime API: refusing a command with ";" or a newline: ${command}`),
            );
        const [host, port] = tcp ? address.split(':') : [];
        const socket = tcp ? connect(Number(port), host) : connect(address);
        let answer = '';
        const fail = (error: Error): void => {
          socket.destroy();
          reject(new Error(`haproxy runtime API at ${address}: ${error.message}`));
        };
        const onAbort = (): void => fail(new Error('aborted'));
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
        socket.on('connect', () => socket.write(`${commands.join(';')}\n`));
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.on('error', fail);
        socket.on('close', () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(answer);
        });
      }),
  };
}
