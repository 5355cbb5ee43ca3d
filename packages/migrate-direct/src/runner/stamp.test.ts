/** Which commands mark migrations as applied without running them, and what they should have run. */
import { describe, expect, test } from 'vitest';
import { stampCommand } from './stamp.ts';

describe('stamp commands', () => {
  test.each([
    ['alembic stamp head', 'alembic upgrade head'],
    ['cd app && alembic stamp head', 'cd app && alembic upgrade head'],
    ['poetry run alembic -c alembic.ini stamp head', 'poetry run alembic -c alembic.ini upgrade head'],
    ['python -m alembic stamp --purge 3f1e2d', 'python -m alembic upgrade 3f1e2d'],
    [`sh -c 'cd app && alembic stamp head'`, `sh -c 'cd app && alembic upgrade head'`],
    ['npx prisma migrate resolve --applied 20240101_init', 'npx prisma migrate deploy'],
    ['prisma migrate resolve --applied=20240101_init --schema db/schema.prisma', 'prisma migrate deploy --schema db/schema.prisma'],
    ['migrate -path db/migrations -database "$DATABASE_URL" force 3', 'migrate -path db/migrations -database "$DATABASE_URL" goto 3'],
    ['docker run --rm migrate/migrate:v4.17.0 -path=/m -database "$DATABASE_URL" force 3', 'docker run --rm migrate/migrate:v4.17.0 -path=/m -database "$DATABASE_URL" goto 3'],
    ['flyway -url=jdbc:postgresql://db/app baseline', 'flyway -url=jdbc:postgresql://db/app migrate'],
    ['flyway repair', 'flyway migrate'],
    ['python manage.py migrate --fake-initial', 'python manage.py migrate'],
    ['liquibase changelog-sync', 'liquibase update'],
  ])('%s stamps; the real run is %s', (command, expected) => {
    expect(stampCommand(command)?.expectedCommand).toBe(expected);
  });

  test.each([
    'alembic upgrade head',
    'alembic upgrade head --sql',
    'npx prisma migrate deploy',
    'prisma migrate resolve --rolled-back 20240101_init',
    'bin/rails db:migrate',
    'migrate -path db/migrations -database "$DATABASE_URL" up',
    'flyway migrate',
    'python manage.py migrate',
    'echo "alembic stamp head is not run here"',
  ])('%s does not stamp', (command) => {
    expect(stampCommand(command)).toBeUndefined();
  });
});
