/** Small pure pieces: lock key, statement pieces and error lines, command guards and environment. */
import { describe, expect, test } from 'vitest';
import { databaseEnv, parseConnection } from '@preflight/pg';
import type { Migration } from '@preflight/migrations';
import { errorLine, piecesOf } from './apply.ts';
import { downCommandFinding } from './command.ts';
import { advisoryLockKey, lockKeyParts } from './lock.ts';

describe('advisory lock key', () => {
  test('fixed per database, 64-bit signed, split the way pg_locks shows it', () => {
    expect(advisoryLockKey('app')).toBe(advisoryLockKey('app'));
    expect(advisoryLockKey('app')).not.toBe(advisoryLockKey('app2'));
    const k = advisoryLockKey('app');
    expect(k >= -(2n ** 63n) && k < 2n ** 63n).toBe(true);
    const { classid, objid } = lockKeyParts(k);
    expect((BigInt(classid) << 32n) | BigInt(objid)).toBe(BigInt.asUintN(64, k));
  });
});

describe('statement pieces and error lines', () => {
  const mig = (upSql: string, upStartLine = 1): Migration => ({ version: '1', name: 'x', file: 'f.sql', upSql, upStartLine, noTransaction: false, checksum: '' });

  test('statements are sent one by one; comments and empty statements are not sent alone', () => {
    const sql = '-- header\nCREATE TABLE a (id int);\n;\n/* c */ INSERT INTO a\nVALUES (1);\n-- trailing\n';
    expect(piecesOf(sql).map((p) => p.sql)).toEqual(['CREATE TABLE a (id int);', 'INSERT INTO a\nVALUES (1);']);
  });

  test('a BEGIN ATOMIC body is sent whole', () => {
    const sql = 'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n';
    expect(piecesOf(sql)).toHaveLength(1);
  });

  test('server positions map to file lines through the statement offset and upStartLine (code points, not UTF-16)', () => {
    const sql = "SELECT 1;\nSELECT '😀',\n  nope;\n";
    const m = mig(sql, 10);
    const piece = piecesOf(sql)[1];
    // position of "nope" in the second statement, counted in characters (the emoji is one).
    const pos = [...piece.sql].indexOf('n') + 1;
    expect(errorLine(m, piece, String(pos))).toBe(12);
    expect(errorLine(m, piece, undefined)).toBe(11);
  });
});

describe('--command guards', () => {
  test.each([
    'alembic downgrade -1',
    'bin/rails db:rollback',
    'npx knex migrate:rollback',
    'npx sequelize-cli db:migrate:undo',
    'dbmate down',
    'migrate -path db -database "$DATABASE_URL" down 1',
    'npx prisma migrate reset --force',
    'bundle exec rake db:drop db:create',
  ])('refuses %s in production', (command) => {
    expect(downCommandFinding(command, 'production', false)?.rule).toBe('down-migration-refused');
    expect(downCommandFinding(command, 'staging', false)).toBeUndefined();
    expect(downCommandFinding(command, 'production', true)).toBeUndefined();
  });

  test.each(['alembic upgrade head', 'npx prisma migrate deploy', 'bin/rails db:migrate', 'dbmate up', 'migrate -path db -database "$DATABASE_URL" up', 'npm run migrate:up'])(
    'allows %s in production',
    (command) => {
      expect(downCommandFinding(command, 'production', false)).toBeUndefined();
    },
  );

  test('the environment carries the direct URL and libpq variables', () => {
    const target = parseConnection('postgres://app:s3cr3t@db.internal:5433/shop?sslmode=require', { inputName: 'direct-url' });
    const env = databaseEnv({ PATH: '/bin', PGOPTIONS: '-c search_path=app', PGHOSTADDR: '10.9.9.9', PGSERVICE: 'prod' }, target, {
      timeouts: { lockTimeoutMs: 5000, statementTimeoutMs: 900000 },
    });
    // Inherited libpq settings that could send the tool to another server are gone.
    expect(env.PGHOSTADDR).toBeUndefined();
    expect(env.PGSERVICE).toBeUndefined();
    expect(env).toMatchObject({
      PATH: '/bin',
      DATABASE_URL: 'postgres://app:s3cr3t@db.internal:5433/shop?sslmode=require',
      PGHOST: 'db.internal',
      PGPORT: '5433',
      PGUSER: 'app',
      PGPASSWORD: 's3cr3t',
      PGDATABASE: 'shop',
      PGSSLMODE: 'require',
      PGOPTIONS: '-c search_path=app -c lock_timeout=5000 -c statement_timeout=900000',
    });
  });
});
