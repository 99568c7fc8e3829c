/** Starts the benchmark's peers (nginx backend, nginx and HAProxy proxies) from configs in a temp dir. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const BACKEND_BODY = '{"predictions":[{"items":["a17","b42","c7"],"scores":[0.91,0.52,0.33]}]}';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Installs Debian packages the benchmark needs when their binary is missing. */
export function ensurePackages(binaries: Record<string, string>): void {
  const missing = Object.entries(binaries).filter(
    ([bin]) => spawnSync('sh', ['-c', `command -v ${bin} || test -x /usr/sbin/${bin}`]).status !== 0,
  );
  if (missing.length === 0) return;
  const pkgs = missing.map(([, pkg]) => pkg);
  console.log(`installing ${pkgs.join(', ')} with apt-get`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]): void => {
    const [cmd, ...rest] = [...sudo, ...args];
    const r = spawnSync(cmd!, rest, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed; install ${pkgs.join(' ')} by hand`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...pkgs]);
}

const bin = (name: string): string =>
  spawnSync('sh', ['-c', `command -v ${name}`])
    .stdout.toString()
    .trim() || `/usr/sbin/${name}`;

export interface Running {
  name: string;
  port: number;
  child: ChildProcess;
}

function nginxPreamble(dir: string, name: string, workers: number): string {
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  return `${user}daemon off;
worker_processes ${workers};
pid ${dir}/${name}.pid;
error_log ${dir}/${name}.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/${name}-body;
  proxy_temp_path ${dir}/${name}-proxy;
  fastcgi_temp_path ${dir}/${name}-fcgi;
  uwsgi_temp_path ${dir}/${name}-uwsgi;
  scgi_temp_path ${dir}/${name}-scgi;
  keepalive_requests 1000000;
`;
}

async function startNginx(dir: string, name: string, config: string, port: number): Promise<Running> {
  const file = path.join(dir, `${name}.conf`);
  await writeFile(file, config);
  const child = spawn(bin('nginx'), ['-c', file, '-p', dir, '-e', path.join(dir, `${name}.stderr.log`)], {
    stdio: 'ignore',
  });
  await waitForPort(port);
  return { name, port, child };
}

/** One nginx serving two "releases" (stable and canary) that answer with the same fixed body. */
export async function startBackend(dir: string): Promise<{ stable: number; canary: number; proc: Running }> {
  const [stable, canary] = [await freePort(), await freePort()];
  const server = (port: number, release: string): string => `  server {
    listen 127.0.0.1:${port} reuseport backlog=4096;
    location / {
      default_type application/json;
      add_header x-backend-release ${release};
      return 200 '${BACKEND_BODY}';
    }
  }
`;
  const config = `${nginxPreamble(dir, 'backend', 1)}${server(stable, 'stable')}${server(canary, 'canary')}}\n`;
  return { stable, canary, proc: await startNginx(dir, 'backend', config, stable) };
}

export async function startNginxProxy(dir: string, stable: number, canary: number): Promise<Running> {
  const port = await freePort();
  const config = `${nginxPreamble(dir, 'nginx-proxy', 1)}  upstream releases {
    server 127.0.0.1:${stable} weight=95;
    server 127.0.0.1:${canary} weight=5;
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      proxy_pass http://releases;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  return startNginx(dir, 'nginx-proxy', config, port);
}

/** With `adminSocket`, HAProxy also opens its Runtime API there and starts with the canary at weight 0 (ripcord sets the split). */
export async function startHaproxy(
  dir: string,
  stable: number,
  canary: number,
  adminSocket?: string,
): Promise<Running> {
  const port = await freePort();
  const file = path.join(dir, adminSocket ? 'haproxy-driven.cfg' : 'haproxy.cfg');
  await writeFile(
    file,
    `global
  nbthread 1
  maxconn 4000
${adminSocket ? `  stats socket ${adminSocket} mode 600 level admin\n` : ''}defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend fe
  bind 127.0.0.1:${port}
  default_backend releases
backend releases
  balance roundrobin
  server stable 127.0.0.1:${stable} weight ${adminSocket ? 100 : 95}
  server canary 127.0.0.1:${canary} weight ${adminSocket ? 0 : 5}
`,
  );
  const child = spawn(bin('haproxy'), ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(port);
  return { name: 'haproxy', port, child };
}

/**
 * Runs a TypeScript entry of this folder as its own Node process (through tsx). With `readyLine`,
 * waits for that line on its stdout too (a cluster's port opens before its last worker is up).
 */
export async function startNode(
  name: string,
  entry: string,
  args: string[],
  port: number,
  readyLine?: string,
): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', readyLine ? 'pipe' : 'inherit', 'inherit'],
  });
  if (readyLine) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no "${readyLine}" within 60 s`)), 60_000);
      let text = '';
      child.stdout!.on('data', (c: Buffer) => {
        text += c.toString();
        if (text.split('\n').includes(readyLine)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
    });
    child.stdout!.resume();
  }
  await waitForPort(port, 20_000);
  return { name, port, child };
}

export async function stop(proc: Running): Promise<void> {
  if (proc.child.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.child.once('exit', resolve));
  proc.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
}
