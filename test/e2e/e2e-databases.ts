/**
 * Databases a control plane under test runs on: a SQLite file in its data dir, or a fresh
 * PostgreSQL database of its own (advisory locks are per database, so suites never steal each
 * other's controller leadership). PostgreSQL is included when the shared matrix finds it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { POSTGRES_URL, testDatabases } from '../support/databases.js';

export interface E2eDatabase {
  name: 'sqlite' | 'postgres';
  /** A new empty database; `url` is undefined for SQLite (the plane's data dir holds the file). */
  create(): Promise<{ url: string | undefined; drop(): Promise<void> }>;
}

const sqlite: E2eDatabase = {
  name: 'sqlite',
  create: () => Promise.resolve({ url: undefined, drop: () => Promise.resolve() }),
};

const postgres: E2eDatabase = {
  name: 'postgres',
  async create() {
    const name = `ripcord_e2e_${randomBytes(5).toString('hex')}`;
    await admin(`create database ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
  },
};

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function e2eDatabases(): Promise<E2eDatabase[]> {
  const available = (await testDatabases()).map((d) => d.name);
  return [sqlite, postgres].filter((d) => available.includes(d.name));
}
