import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CouldNotRunError, UsageError } from '@preflight/core';
import { adminQuery, serverInfo } from '../../../../test/harness/db.ts';
import { withShadowDatabase } from './shadow.ts';

const exists = async (name: string) => (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
const tmp = mkdtempSync(join(tmpdir(), 'pf-shadow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('withShadowDatabase on a --shadow-url server', () => {
  it('creates a uniquely named database, hands it to fn, and drops it afterwards', async () => {
    let name = '';
    const result = await withShadowDatabase(serverInfo().url, async ({ url, client }) => {
      name = (await client.query('SELECT current_database() AS d')).rows[0].d;
      expect(name).toMatch(/^preflight_shadow_[0-9a-f]{12}$/);
      expect(new URL(url).pathname).toBe(`/${name}`);
      expect(await exists(name)).toBe(true);
      await client.query('CREATE TABLE t (id int)');
      // The URL works for other clients too (a migrate command connects with it).
      const other = new pg.Client({ connectionString: url });
      other.on('error', () => {});
      await other.connect();
      await other.query('SELECT 1'); // left open on purpose: the FORCE drop must still succeed
      return 42;
    });
    expect(result).toBe(42);
    expect(await exists(name)).toBe(false);
  });

  it('drops the database when fn throws, and rethrows fn’s error', async () => {
    let name = '';
    const boom = new Error('boom');
    await expect(
      withShadowDatabase(serverInfo().url, async ({ client }) => {
        name = (await client.query('SELECT current_database() AS d')).rows[0].d;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(name).not.toBe('');
    expect(await exists(name)).toBe(false);
  });

  it('gives a UsageError for a bad URL and CouldNotRunError for an unreachable server, without the password', async () => {
    await expect(withShadowDatabase('not a url', async () => 1)).rejects.toBeInstanceOf(UsageError);
    await expect(withShadowDatabase('mysql://u:p@localhost/x', async () => 1)).rejects.toThrow(/Input shadow-url is not a valid PostgreSQL/);
    const s = serverInfo();
    const error = await withShadowDatabase(`postgres://${s.user}:wrong-Secret-123@${s.host}:${s.port}/postgres`, async () => 1).catch((e) => e);
    expect(error).toBeInstanceOf(CouldNotRunError);
    expect(error.message).not.toContain('wrong-Secret-123');
  });

  it('drops the database when the process gets SIGINT', async () => {
    const script = join(tmp, 'interrupt.mts');
    const shadowModule = fileURLToPath(new URL('./shadow.ts', import.meta.url));
    writeFileSync(
      script,
      `import { withShadowDatabase } from ${JSON.stringify(shadowModule)};
await withShadowDatabase(process.env.SHADOW_URL, async ({ client }) => {
  const { rows } = await client.query('SELECT current_database() AS d');
  console.log(rows[0].d);
  await new Promise(() => {}); // wait for Ctrl-C
});`,
    );
    const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
    const child = spawn(tsx, [script], { env: { ...process.env, SHADOW_URL: serverInfo().url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const name = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    expect(await exists(name)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await exists(name)).toBe(false);
  });
});

describe('withShadowDatabase without --shadow-url', () => {
  it('starts a throwaway server, and stops it afterwards', async () => {
    let url = '';
    await withShadowDatabase(undefined, async (db) => {
      url = db.url;
      expect(new URL(url).port).not.toBe(String(serverInfo().port));
      await db.client.query('CREATE TABLE t (id int)');
    });
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow();
  });
});
