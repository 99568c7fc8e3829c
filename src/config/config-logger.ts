/**
 * The servers' logger as configured: `json` writes NDJSON only (lifecycle lines included, so a
 * log shipper never meets plain text); `text` one readable line per record; `auto` picks text
 * on a terminal.
 */
import { Writable } from 'node:stream';
import { destination, pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { RipcordConfig } from './config-schema.js';

export function configLogger(config: RipcordConfig, fd: 1 | 2, name?: string): Logger {
  const json = isJson(config, fd);
  const stream: DestinationStream = json ? destination(fd) : textStream(fd);
  return pino({ level: config.log.level, ...(name ? { name } : {}) }, stream);
}

export function isJson(config: RipcordConfig, fd: 1 | 2): boolean {
  if (config.log.format === 'auto') return !(fd === 1 ? process.stdout : process.stderr).isTTY;
  return config.log.format === 'json';
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name']);

/** One line per record: `12:00:00.000 INFO  message key=value …`. */
function textStream(fd: 1 | 2): DestinationStream {
  const out = fd === 1 ? process.stdout : process.stderr;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) out.write(`${formatRecord(line)}\n`);
      }
      done();
    },
  });
}

export function formatRecord(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record['time'] === 'number' ? new Date(record['time']).toISOString().slice(11, 23) : '';
  const level = (LEVELS[record['level'] as number] ?? String(record['level'])).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [time, level, String(record['msg'] ?? ''), ...fields].filter(Boolean).join(' ');
}
