import type { RuleDoc } from '../types.ts';

/** Docs only: the linter itself reports it when the parser rejects the file (see ../index.ts). */
export const syntaxError: RuleDoc = {
  id: 'syntax-error',
  title: 'The migration does not parse',
  severity: 'error',
  category: 'syntax',
  description:
    'PostgreSQL\'s own parser (libpg-query, PostgreSQL 18 grammar) rejects the file, so it would fail at deploy time and none of the other rules can look at it.',
  example: 'ALTER TABLE users ADD COLUMN email txt NOT NULL DEFALT \'\';',
  fix: 'Fix the SQL at the reported line; psql against a scratch database reports the same error with more context.',
};
