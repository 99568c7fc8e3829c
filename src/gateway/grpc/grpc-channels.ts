/**
 * One gRPC client (an HTTP/2 channel) per backend origin, shared by every service and method:
 * `http://host:port` is dialled in plaintext (h2c), `https://` with TLS. Channels outlive
 * routing-table swaps like the REST connection pools; those of backends that left the table are
 * closed when the next call sees the new table.
 */
import { Client, credentials } from '@grpc/grpc-js';

import type { RoutingTable } from '../routing-table.js';

export interface ChannelOptions {
  /** Largest answer accepted from a backend (limits.maxResponseBytes). */
  maxResponseBytes: number;
  /** Largest request sent to a backend (limits.maxBodyBytes). */
  maxRequestBytes: number;
}

/** `host:port` gRPC dials for an http(s) origin (default ports as the scheme's). */
export function grpcTarget(origin: string): string {
  const url = new URL(origin);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

export class GrpcChannels {
  private readonly clients = new Map<string, Client>();
  private table: RoutingTable | undefined;

  constructor(private readonly options: ChannelOptions) {}

  client(origin: string): Client {
    let client = this.clients.get(origin);
    if (!client) {
      client = new Client(
        grpcTarget(origin),
        origin.startsWith('https:') ? credentials.createSsl() : credentials.createInsecure(),
        {
          'grpc.max_receive_message_length': this.options.maxResponseBytes,
          'grpc.max_send_message_length': this.options.maxRequestBytes,
          'grpc.keepalive_time_ms': 30_000,
        },
      );
      this.clients.set(origin, client);
    }
    return client;
  }

  /** Closes the channels of origins no longer in `table` (once per table). */
  follow(table: RoutingTable): void {
    if (table === this.table) return;
    this.table = table;
    const origins = new Set<string>();
    for (const url of table.backendUrls) origins.add(new URL(url).origin);
    for (const [origin, client] of this.clients)
      if (!origins.has(origin)) {
        this.clients.delete(origin);
        client.close();
      }
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
