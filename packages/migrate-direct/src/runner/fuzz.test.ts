/**
 * Fuzz: what migrate-direct reads from a --command line (sh words, stamp detection) and from
 * alembic's offline SQL (revision chunks for the lint). (The SQL lint itself: lint/fuzz.test.ts.)
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fuzz, onlyTypedErrors } from '../../../../test/harness/fuzz.ts';
import { simpleCommands } from './shell-words.ts';
import { stampCommand } from './stamp.ts';
import { revisionChunks } from './command-lint.ts';

const commandText = fc.array(fc.constantFrom('alembic', 'upgrade', 'stamp', 'head', 'cd app', '&&', '||', ';', '|', '&', '(', ')', '\n', ' ', '"', "'", '\\', 'sh -c ', 'poetry run ', 'npx prisma migrate resolve --applied x', 'python manage.py migrate --fake', '$X', 'a'), { maxLength: 14 }).map((p) => p.join(''));

test('a --command line: words of each simple command and stamp detection, never an exception', () => {
  fuzz(
    'migrate-direct: --command words and stamp detection',
    fc.property(fc.oneof(commandText, fc.string({ maxLength: 60 })), (text) => {
      const commands = onlyTypedErrors(() => simpleCommands(text), []) ?? [];
      for (const words of commands) expect(words.length).toBeGreaterThan(0);
      onlyTypedErrors(() => stampCommand(text), []);
    }),
  );
});

test('sh words round trip: single-quoted words come back as written', () => {
  const word = fc.string({ minLength: 1, maxLength: 8 });
  fuzz(
    'migrate-direct: --command words (round trip)',
    fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(' && ', ' ; ', ' || ', '\n'), (commands, sep) => {
      const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
      const text = commands.map((c) => c.map(quote).join(' ')).join(sep);
      expect(simpleCommands(text)).toEqual(commands);
    }),
  );
});

test("alembic offline SQL: revision chunks of every '-- Running upgrade' marker, in order", () => {
  const rev = fc.stringMatching(/^[0-9a-f]{4,8}$/);
  const sql = fc.array(fc.constantFrom('CREATE TABLE t (id int);', 'BEGIN;', 'COMMIT;', "UPDATE alembic_version SET version_num='x';", '', '-- comment'), { maxLength: 4 });
  fuzz(
    'migrate-direct: alembic offline SQL (model)',
    fc.property(sql, fc.array(fc.tuple(rev, sql), { maxLength: 4 }), (preamble, revisions) => {
      const lines: string[] = [...preamble];
      let from = '<base>';
      for (const [r, body] of revisions) {
        lines.push(`-- Running upgrade ${from === '<base>' ? '' : from} -> ${r}`, ...body);
        from = r;
      }
      const chunks = revisionChunks(lines);
      expect(chunks.map((c) => c.revision)).toEqual(revisions.map(([r]) => r));
      chunks.forEach((c, i) => expect(c.sql.split('\n').filter((l) => l.trim() && !/^\s*(BEGIN|COMMIT);\s*$/i.test(l))).toEqual(revisions[i][1].filter((l) => l.trim() && !/^\s*(BEGIN|COMMIT);\s*$/i.test(l))));
    }),
  );
  fuzz('migrate-direct: alembic offline SQL', fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 10 }), (lines) => void onlyTypedErrors(() => revisionChunks(lines), [])));
});
