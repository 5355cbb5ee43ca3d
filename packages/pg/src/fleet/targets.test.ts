import { describe, expect, test } from 'vitest';
import { redact } from '@preflight/core';
import { parseTargets, targetsText } from './targets.ts';

const parse = (text: string, env: NodeJS.ProcessEnv = {}) => parseTargets(text, { origin: 'tenants.txt', env });

describe('target lines', () => {
  test('URL, name=url, libpq string, Cloud SQL instance name; comments and blank lines skipped', () => {
    const targets = parse(
      [
        '# tenants',
        '',
        'postgres://app:pw1@db1.internal:5432/tenant_a',
        'tenant_b=postgresql://app:pw2@db2.internal/b',
        'host=db3.internal dbname=tenant_c user=app password=pw3',
        'eu=acme-prod:europe-west1:tenants-eu',
      ].join('\n'),
      { PGUSER: 'reader', PGDATABASE: 'app', PGPASSWORD: 'pw4' },
    );
    expect(targets.map((t) => [t.name, t.where, t.target.kind])).toEqual([
      ['tenant_a', 'tenants.txt:3', 'url'],
      ['tenant_b', 'tenants.txt:4', 'url'],
      ['tenant_c', 'tenants.txt:5', 'keyword'],
      ['eu', 'tenants.txt:6', 'cloud-sql-instance'],
    ]);
    const eu = targets[3].target;
    expect([eu.cloudSqlInstance, eu.user, eu.database]).toEqual(['acme-prod:europe-west1:tenants-eu', 'reader', 'app']);
    for (const pw of ['pw1', 'pw2', 'pw3', 'pw4']) expect(redact(`x ${pw} y`)).toBe('x *** y');
  });

  test('$VAR and ${VAR} are resolved and their values masked; $$ is a literal $', () => {
    const [a, b] = parse('a=$A_URL\nb=postgres://app:pa$$word@db/b_${B_DB}', { A_URL: 'postgres://app:envsecret1@db/a', B_DB: 'x' });
    expect(a.target.config.password).toBe('envsecret1');
    expect(b.target.config.password).toBe('pa$word');
    expect(b.target.database).toBe('b_x');
    expect(redact('postgres://app:envsecret1@db/a')).not.toContain('envsecret1');
  });

  test('a bad line names file:line and never repeats a password', () => {
    expect(() => parse('ok=postgres://u@db/ok\nmysql://u:hidden99@db/x')).toThrow(/^tenants\.txt:2 is not a valid PostgreSQL URL/);
    try {
      parse('mysql://u:hidden99@db/x');
    } catch (e) {
      expect(String(e)).not.toContain('hidden99');
    }
    expect(() => parse('a=${}')).toThrow(/tenants\.txt:1: \$\{\.\.\.\} holds no environment variable name/);
  });
});

describe('the targets value', () => {
  test('several lines, or one line that is a target, are the list; one other line is a file', () => {
    expect(targetsText('a=postgres://u@db/a\nb=postgres://u@db/b', 'action')).toEqual({ text: 'a=postgres://u@db/a\nb=postgres://u@db/b', origin: 'input targets' });
    expect(targetsText('postgres://u@db/a', 'action').origin).toBe('input targets');
    expect(() => targetsText('tenants.txt', 'cli')).toThrow(/--targets points to tenants\.txt, which does not exist/);
  });
});
