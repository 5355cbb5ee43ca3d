/**
 * The demo's restore incident (restore-verify): a production database restored from an old,
 * partial dump got 206 of 7,320 monthly_kpis rows back. Compared only with its own dump the restore
 * looks complete (and restore-verify says that proves nothing); against the source it fails with
 * both numbers; a fresh dump, restored and verified the same way, passes.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { PostgresServer } from '@preflight/pg';
import type { DemoKit } from './demo-kit.ts';

const BANKADVISOR = `
CREATE TABLE instituciones (id integer PRIMARY KEY, nombre text NOT NULL);
INSERT INTO instituciones SELECT i, 'Institución ' || i FROM generate_series(1, 54) i;
CREATE TABLE monthly_kpis (id serial PRIMARY KEY, institucion_id integer REFERENCES instituciones(id), month date NOT NULL, value numeric(14,2));
INSERT INTO monthly_kpis (institucion_id, month, value)
SELECT (i % 54) + 1, date '2015-01-01' + (i % 120) * interval '1 month', i * 1.5 FROM generate_series(1, 7320) i;
`;

export function restoreVerifyIncident(t: DemoKit) {
  return {
    title: 'Incident 5c: a restore from an old, partial dump (restore-verify)',
    story: 'bankadvisor_dump.sql.gz held 206 of the 7,320 monthly_kpis rows; the restore "succeeded" and nobody counted.',
    async run(server: PostgresServer) {
      await t.sql(server.url(), 'CREATE DATABASE bankadvisor');
      await t.sql(server.url(), 'CREATE DATABASE bankadvisor_old');
      const source = server.url('bankadvisor');
      await t.sql(source, BANKADVISOR);
      // The old dump was taken when the table had only 206 rows.
      await t.sql(server.url('bankadvisor_old'), `${BANKADVISOR} DELETE FROM monthly_kpis WHERE id > 206;`);
      const oldDump = join(t.work, 'bankadvisor_dump.sql.gz');
      execFileSync('pg_dump', ['-Fp', '-Z', '6', '-f', oldDump, '-d', server.url('bankadvisor_old')], { stdio: 'pipe' });

      console.log(t.bold('Restored and compared only with its own dump, it looks complete, and restore-verify says that proves nothing:'));
      const restored = server.url('restored');
      t.expectExit(await t.preflight(['restore-verify', '--dump', oldDump, '--database-url', restored, '--restore', '--create']), 0, 'restore-verify against the dump only');
      console.log(t.bold('Against the source database (or a manifest, or --min-rows), the partial restore fails:'));
      t.expectExit(await t.preflight(['restore-verify', '--dump', oldDump, '--database-url', restored, '--source-url', source, '--min-rows', 'monthly_kpis=7000']), 1, 'restore-verify against the source');

      console.log(t.bold('The fix: a fresh custom-format dump, restored into a scratch database and verified the same way:'));
      const fresh = join(t.work, 'bankadvisor.dump');
      execFileSync('pg_dump', ['-Fc', '-f', fresh, '-d', source], { stdio: 'pipe' });
      const args = ['restore-verify', '--dump', fresh, '--database-url', server.url('restored_fresh'), '--restore', '--create', '--drop-after', '--source-url', source, '--min-rows', 'monthly_kpis=7000', '--max-age', '24h'];
      t.expectExit(await t.preflight(args), 0, 'restore-verify of the fresh dump');
    },
  };
}
