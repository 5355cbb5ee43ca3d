/**
 * --check-schema: the dump's own schema is the expected one. It is loaded into a temporary shadow
 * database on the same server (pg_restore --schema-only for archives; a plain dump is loaded whole,
 * since its DDL and data are interleaved), then schema-verify's public API compares the restored
 * database with it. The shadow is dropped afterwards, also on failure.
 */
import type { CheckContext, Finding } from '@preflight/core';
import { connectClient, quoteIdent, type ConnectionTarget } from '@preflight/pg';
import { diffSchemas, introspect } from '@preflight/schema-verify';
import type { DumpSummary } from './dump/types.ts';
import { loadDump, onDatabase, shadowName } from './restore.ts';

export async function checkSchema(path: string, dump: DumpSummary, target: ConnectionTarget, opts: { timeoutMs: number; ctx: CheckContext }): Promise<Finding[]> {
  const name = shadowName();
  const admin = await connectClient(onDatabase(target, 'postgres'), { applicationName: 'preflight restore-verify' });
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    try {
      const shadow = onDatabase(target, name);
      const loaded = await loadDump(path, dump, shadow, { jobs: 1, timeoutMs: opts.timeoutMs, ctx: opts.ctx, schemaOnly: true });
      if (loaded.errors.length) opts.ctx.log.warn(`The dump's schema loaded into the shadow database with ${loaded.errors.length} error line(s); the comparison uses what was created.`);
      const expected = await withClient(shadow, (c) => introspect(c));
      const actual = await withClient(target, (c) => introspect(c));
      return diffSchemas(expected, actual, {});
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}

async function withClient<T>(target: ConnectionTarget, fn: (c: import('pg').Client) => Promise<T>): Promise<T> {
  const c = await connectClient(target, { applicationName: 'preflight restore-verify' });
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}
