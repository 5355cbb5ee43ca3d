import { expect, test } from 'vitest';
import { versionsAhead } from './ledger.ts';

test.each<[string[], string[], string[] | undefined, string?]>([
  // appending ledgers (Preflight, dbmate, Flyway, Prisma, Django): a superset is ahead
  [['0001'], ['0001', '0002'], ['0002']],
  [['0001', '0002'], ['0001', '0002', '0003', '0004'], ['0003', '0004']],
  [['0001', '0002'], ['0002', '0003'], undefined], // lost 0001
  [['0001', '0002'], ['0001', '0002'], undefined], // equal: nothing to say
  [['0001', '0002'], ['0001'], undefined], // behind
  [['0001'], ['0002'], undefined], // an appending ledger that lost 0001
  // alembic_version keeps only the head: numbered and higher
  [['0042_monthly_kpis'], ['0043_kpi_note'], ['0043_kpi_note'], 'alembic_version'],
  [['0042_monthly_kpis'], ['0041_instituciones'], undefined, 'alembic_version'],
  [['ae1027a6acf'], ['1975ea83b712'], undefined, 'alembic_version'], // hex revisions cannot be ordered
])('reference %j, database %j: ahead by %j (%s)', (ref, got, ahead, ledger = 'schema_migrations') => {
  expect(versionsAhead(ref, got, ledger)).toEqual(ahead);
});
