/**
 * Commands that mark migrations as applied without running them: `alembic stamp`, `prisma migrate
 * resolve --applied`, golang-migrate's `migrate force`, `flyway baseline` / `repair`. That is how a
 * ledger comes to say "head" while a column is missing (the first incident), and "intelligent
 * stamping" was the second incident's answer to "table already exists". In production they are
 * refused unless --allow-stamp; wherever they run, schema-verify checks the result.
 */
import type { Finding } from '@preflight/core';
import { redactUrl } from '@preflight/pg';
import { programName, simpleCommands } from './shell-words.ts';

export interface StampCommand {
  /** What the tool does, as its docs name it: "alembic stamp". */
  what: string;
  /**
   * The same command with the stamp replaced by the tool's real upgrade: what schema-verify runs on
   * the shadow database to build the schema the stamped ledger claims.
   */
  expectedCommand: string;
}

interface StampPattern {
  what: string;
  /** Whether a simple command's words (after the program) stamp. */
  matches: (program: string, rest: string[]) => boolean;
  /** From the program's first mention in the raw command: the stamp turned into the real upgrade. */
  program: RegExp;
  rewrite: (fromProgram: string) => string;
}

const patterns: readonly StampPattern[] = [
  {
    what: 'alembic stamp',
    matches: (p, rest) => p === 'alembic' && rest.includes('stamp'),
    program: /\balembic\b/,
    rewrite: (s) => s.replace(/\bstamp(\s+--purge)?\b/, 'upgrade'),
  },
  {
    what: 'prisma migrate resolve --applied',
    matches: (p, rest) => p === 'prisma' && rest.includes('migrate') && rest.includes('resolve') && rest.some((w) => w === '--applied' || w.startsWith('--applied=')),
    program: /\bprisma\b/,
    rewrite: (s) => s.replace(/\bresolve\b/, 'deploy').replace(/\s--applied(=|\s+)("[^"]*"|'[^']*'|\S+)/, ''),
  },
  {
    what: 'migrate force (golang-migrate)',
    matches: (p, rest) => p === 'migrate' && rest.includes('force'),
    program: /(^|[\s/])migrate\b/,
    rewrite: (s) => s.replace(/\bforce\b/, 'goto'),
  },
  {
    what: 'flyway baseline',
    matches: (p, rest) => p === 'flyway' && rest.includes('baseline'),
    program: /\bflyway\b/,
    rewrite: (s) => s.replace(/\bbaseline\b/, 'migrate'),
  },
  {
    what: 'flyway repair',
    matches: (p, rest) => p === 'flyway' && rest.includes('repair'),
    program: /\bflyway\b/,
    rewrite: (s) => s.replace(/\brepair\b/, 'migrate'),
  },
  {
    what: 'manage.py migrate --fake (Django)',
    matches: (p, rest) => (p === 'manage.py' || p === 'django-admin') && rest.includes('migrate') && rest.some((w) => w === '--fake' || w === '--fake-initial'),
    program: /\b(manage\.py|django-admin)\b/,
    rewrite: (s) => s.replace(/\s--fake(-initial)?\b/, ''),
  },
  {
    what: 'liquibase changelog-sync',
    matches: (p, rest) => p === 'liquibase' && rest.some((w) => /^changelog-?sync/i.test(w)),
    program: /\bliquibase\b/,
    rewrite: (s) => s.replace(/\bchangelog-sync\b/, 'update').replace(/\bchangelogSync/, 'update'),
  },
];

/** The first stamping tool a command runs, if any (`cd app && poetry run alembic stamp head` included). */
export function stampCommand(command: string): StampCommand | undefined {
  for (const words of simpleCommands(command)) {
    for (let i = 0; i < words.length; i++) {
      const program = programName(words[i]);
      const hit = patterns.find((p) => p.matches(program, words.slice(i + 1)));
      if (!hit) continue;
      const at = hit.program.exec(command)?.index ?? 0;
      return { what: hit.what, expectedCommand: command.slice(0, at) + hit.rewrite(command.slice(at)) };
    }
  }
  return undefined;
}

/**
 * Refused in production unless allowed; elsewhere (or allowed) a warning, and schema-verify runs
 * after it whether or not --verify-schema was asked for.
 */
export function stampFinding(command: string, stamp: StampCommand, blocked: boolean, environment: string | undefined): Finding {
  const shown = redactUrl(command).slice(0, 120);
  const expected = redactUrl(stamp.expectedCommand).slice(0, 120);
  return blocked
    ? {
        rule: 'stamp-without-running',
        severity: 'error',
        object: 'command',
        message: `The command "${shown}" marks migrations as applied without running them (${stamp.what}), which is refused in ${environment}: that is how a ledger comes to say "head" while a column is missing. Run the migrations instead ("${expected}"), or pass --allow-stamp once you have checked that the database already has what they create; schema-verify then checks it after the stamp.`,
        fix: redactUrl(stamp.expectedCommand),
      }
    : {
        rule: 'stamp-without-running',
        severity: 'warning',
        object: 'command',
        message: `The command "${shown}" marks migrations as applied without running them (${stamp.what}); schema-verify runs after it and compares the database with what "${expected}" builds on a shadow database.`,
        fix: `Check the schema-verify findings below; where the database lacks what the stamped migrations create, run them ("${expected}") instead of stamping.`,
      };
}
