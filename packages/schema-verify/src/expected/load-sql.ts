/**
 * Loads a schema file (pg_dump --schema-only output, Rails structure.sql, Supabase or hand-written
 * schema) into a database, the way `psql -v ON_ERROR_STOP=1 -f FILE` would, minus psql: meta-command
 * lines such as pg_dump's `\restrict KEY` are dropped (their content, not their newline, so server
 * positions still map to the user's line numbers); the ones that would change what SQL runs are
 * refused rather than silently skipped.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { UsageError } from '@preflight/core';
import { scanSql } from '@preflight/migrations';
import { runSqlText } from './run-sql.ts';

// psql commands that pull in more SQL, send data or branch: dropping them would load a different schema.
const unsupportedMeta = new Set(['i', 'ir', 'include', 'include_relative', 'copy', 'gexec', 'gset', 'g', 'if', 'elif', 'else', 'endif', '.']);

const copyFromStdin = /^COPY\b[\s\S]*?\bFROM\s+(STDIN|PSTDIN)\b/i;

export interface LoadOptions {
  /**
   * Create roles the file grants to or assigns ownership to (Supabase's anon, authenticated,
   * service_role...) when they are missing. Only on a throwaway server: roles are cluster-wide.
   */
  createMissingRoles?: boolean;
}

export async function loadSqlFile(client: pg.Client, file: string, opts: LoadOptions = {}): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new UsageError(`Schema file ${file} ${why}; check the path (relative to the working directory) and its permissions.`, { cause: error });
  }
  await loadSqlText(client, text, file, opts);
}

const missingRole = /^role "(.+)" does not exist/;

/** The same for text already in memory; `file` only names it in errors. */
export async function loadSqlText(client: pg.Client, text: string, file: string, opts: LoadOptions = {}): Promise<void> {
  const { statements, metaCommands } = scanSql(text, { psqlMeta: true });
  // Report the first problem in the file, whichever kind it is.
  const problems: Array<{ line: number; message: string }> = [];
  for (const meta of metaCommands) {
    if (unsupportedMeta.has(meta.command)) {
      problems.push({ line: meta.line, message: `the psql command \\${meta.command} is not supported; inline the SQL it would run (schema-only, no data) so the file loads without psql.` });
    }
  }
  const copy = statements.find((stmt) => copyFromStdin.test(stmt.sql));
  if (copy) problems.push({ line: copy.line, message: 'COPY ... FROM stdin data blocks are not supported; use a schema-only dump (pg_dump --schema-only) or remove the data.' });
  if (problems.length) {
    const first = problems.sort((a, b) => a.line - b.line)[0];
    throw new UsageError(`${file}:${first.line}: ${first.message}`);
  }
  let sent = text;
  for (const meta of [...metaCommands].reverse()) sent = sent.slice(0, meta.start) + sent.slice(meta.end);
  if (statements.length === 0) return;
  // Statement offsets shift once meta lines are cut, so rescan what is actually sent.
  const created = new Set<string>();
  for (;;) {
    const failure = await runSqlText(client, sent, metaCommands.length ? undefined : statements);
    if (!failure) break;
    const role = missingRole.exec(failure.message)?.[1];
    // The whole text ran as one implicit transaction, so after the error nothing of it is left:
    // create the role and load again from the start.
    if (role && opts.createMissingRoles && !created.has(role) && created.size < 100) {
      created.add(role);
      await client.query(`CREATE ROLE "${role.replace(/"/g, '""')}" NOLOGIN`);
      continue;
    }
    const hint = role && !opts.createMissingRoles ? ` (create the role on the --shadow-url server, or leave --shadow-url out so a throwaway server with the roles the file needs is used)` : '';
    throw new UsageError(`${file}:${failure.line}: ${failure.message}${hint}; fix the file so it loads into an empty database.`, { cause: failure.cause });
  }
  // pg_dump sets search_path to '' (and more) for the session; give the caller a clean session back.
  await client.query('RESET ALL');
}
