import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from '@preflight/pg';
import { ramDir } from './ram-dir.ts';

// One real PostgreSQL 15 cluster for the whole run; each test makes its own databases in it.
let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres({ major: 15, parentDir: ramDir() });
  project.provide('pg', { url: server.url(), host: server.host, port: server.port, user: server.user, password: server.password });
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { url: string; host: string; port: number; user: string; password: string };
  }
}
