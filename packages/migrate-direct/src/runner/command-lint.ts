/**
 * Lint for --command. Only alembic can print the SQL it would run without running it (offline
 * mode: `alembic upgrade <from>:head --sql`); that output is linted with the built-in runner's
 * libpg-query rules before the command runs, so a DROP COLUMN in production is refused the same way
 * whichever runner applies it. For any other command the report says lint was skipped and why: a
 * notice, never a silent pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type pg from 'pg';
import type { Finding } from '@preflight/core';
import { parseAlembicRevision } from '@preflight/migrations';
import { readLedgers, redactUrl, runCommand, type CommandResult } from '@preflight/pg';
import { alembicVersionsDir } from './command.ts';
import { programName, simpleCommands } from './shell-words.ts';

export interface CommandLintOptions {
  client: pg.Client;
  /** The command's own environment: the render must see the same alembic.ini and env.py settings. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  environment?: string;
  allowDestructive: boolean;
  /** Limit for the render (default 5 minutes: printing SQL never takes long; a hang should not hold the deploy). */
  timeoutMs?: number;
  log: (message: string) => void;
}

// Steps that only prepare the shell for the tool: running them again for the render is harmless.
const setupPrograms = new Set(['cd', 'export', 'source', '.', 'set', 'true', ':', 'sh', 'bash', 'dash', 'zsh', 'ash']);

export async function lintCommand(command: string, opts: CommandLintOptions): Promise<Finding[]> {
  const commands = simpleCommands(command);
  const alembic = commands.find(isAlembicUpgrade);
  if (!alembic) {
    return [skipped(command, 'only alembic can print the SQL it would run without running it (alembic upgrade --sql), and this command does not run "alembic upgrade"; to have SQL migration files linted, apply them with --migrations')];
  }
  const others = [...new Set(commands.filter((w) => w !== alembic && !setupPrograms.has(programName(w[0]))).map((w) => programName(w[0])))];
  if (others.length > 0) {
    return [skipped(command, `the command also runs ${others.join(', ')}, which Preflight does not run a second time just to print alembic's SQL; run "alembic upgrade head" on its own (other steps in a step of their own) to have the migrations linted`)];
  }

  let current: string | undefined;
  try {
    const ledgers = (await readLedgers(opts.client)).filter((l) => l.tool === 'alembic');
    if (ledgers.length > 1) return [skipped(command, `the database has ${ledgers.length} alembic_version tables (${ledgers.map((l) => l.table).join(', ')}), so the revision it is at is ambiguous`)];
    const heads = ledgers[0]?.heads ?? [];
    if (heads.length > 1) return [skipped(command, `the database is at ${heads.length} alembic heads (${heads.join(', ')}), and alembic prints offline SQL from one revision only`)];
    current = heads[0];
  } catch (error) {
    return [skipped(command, `the revision the database is at could not be read (${error instanceof Error ? error.message : String(error)})`)];
  }

  let rendered = false;
  const render = command.replace(/(\balembic\b(?:(?!&&|\|\||[;|&\n]).)*?\bupgrade)\s+([^\s'";&|)]+)/, (_all, head: string, target: string) => {
    rendered = true;
    return `${head} ${current ? `${current}:` : ''}${target} --sql`;
  });
  if (!rendered) return [skipped(command, 'the alembic upgrade target could not be found in the command')];

  const shown = redactUrl(render);
  opts.log(`Linting the SQL that "${shown}" prints (alembic offline mode: nothing is run)`);
  const sql: string[] = [];
  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  const result = await runCommand(render, opts.env, { cwd: opts.cwd, onLine: opts.log, onStdout: (line) => sql.push(line), timeoutMs });
  if (result.timedOut) return [skipped(command, `"${shown}" did not finish within ${Math.round(timeoutMs / 1000)} s`)];
  if (result.code !== 0) return [skipped(command, `"${shown}" ${failure(result)}`)];

  const revisions = revisionChunks(sql);
  opts.log(revisions.length ? `${revisions.length} alembic revision(s) to apply: ${revisions.map((r) => r.revision).join(', ')}` : 'No alembic revision to apply.');
  const where = revisionFiles(opts.cwd);
  const { lintMigrationSql } = await import('../lint/index.ts');
  const findings: Finding[] = [];
  for (const r of revisions) {
    const file = where.get(r.revision);
    const found = await lintMigrationSql(r.sql, {
      file: file?.file ?? `alembic revision ${r.revision}`,
      environment: opts.environment,
      allowDestructive: opts.allowDestructive,
      // Offline output has no per-revision transactions of its own (alembic wraps the whole run).
      inTransaction: false,
    });
    for (const f of found) {
      const { file: _f, line: _l, ...rest } = f;
      // The SQL's line numbers are lines of alembic's output, not of the .py file: point at its upgrade().
      findings.push({ ...rest, message: `${f.message.replace(/\.$/, '')} (alembic revision ${r.revision}, from "${shown}").`, ...(file ? { file: file.file, line: file.line } : {}) });
    }
  }
  return findings;
}

function isAlembicUpgrade(words: string[]): boolean {
  const at = words.findIndex((w) => programName(w) === 'alembic');
  return at >= 0 && words.slice(at + 1).includes('upgrade');
}

/** alembic's offline output: a `-- Running upgrade a1 -> b2` comment before each revision's SQL. */
export function revisionChunks(lines: readonly string[]): { revision: string; sql: string }[] {
  const out: { revision: string; lines: string[] }[] = [];
  for (const line of lines) {
    const m = /^-- Running upgrade (.*?)\s*-> (\S+)\s*$/.exec(line);
    if (m) out.push({ revision: m[2], lines: [] });
    // Before the first revision: BEGIN and alembic_version's own CREATE TABLE. The run's closing COMMIT is alembic's too.
    else if (out.length > 0) out[out.length - 1].lines.push(/^\s*(BEGIN|COMMIT);\s*$/i.test(line) ? '' : line);
  }
  return out.map((r) => ({ revision: r.revision, sql: r.lines.join('\n') }));
}

/** Revision id → its file (relative to cwd, for annotations) and the line of its upgrade(). */
function revisionFiles(cwd: string): Map<string, { file: string; line: number }> {
  const out = new Map<string, { file: string; line: number }>();
  const dir = alembicVersionsDir(cwd);
  if (!dir) return out;
  try {
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
      const path = join(dir, name);
      const source = readFileSync(path, 'utf8');
      const parsed = parseAlembicRevision(source, path);
      if (!parsed) continue;
      const def = /^def upgrade\b/m.exec(source);
      out.set(parsed.revision, { file: relative(cwd, path), line: def ? source.slice(0, def.index).split('\n').length : 1 });
    }
  } catch {
    // Unreadable versions: the findings are still reported, without a file.
  }
  return out;
}

function failure(result: CommandResult): string {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  const last = result.tail.filter((l) => l.trim() !== '').slice(-3);
  return last.length ? `${how}: ${last.join(' | ')}` : `${how} without output`;
}

function skipped(command: string, why: string): Finding {
  return {
    rule: 'lint-skipped',
    severity: 'notice',
    object: 'command',
    message: `The migrations that "${redactUrl(command).slice(0, 120)}" applies were not linted: ${why}.`,
  };
}
