/**
 * Applies one migration. A transactional migration and its ledger row commit together or not at
 * all, so a killed runner or a failing statement never leaves a half-applied, half-recorded file.
 * Every failure names a line, also for errors the server reports without a position (most runtime
 * errors: "relation already exists"): the line of the statement that failed.
 */
import pg from 'pg';
import { CouldNotRunError, UsageError, type Finding } from '@preflight/core';
import { withAnswerTimeout } from '@preflight/pg';
import { indexOfPosition, lineIndex, scanSql, type Migration } from '@preflight/migrations';
import type { Ledger } from './ledger.ts';
import { hasAtomicBody } from './plan.ts';

export interface ApplySettings {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /**
   * Slack on top of the statements' own timeouts before a silent server counts as gone (the
   * session's silence limit is statement-timeout plus this); undefined: the session's limit as is.
   */
  answerGraceMs?: number;
  /** Backend pid of the session that holds the migration lock; a different one means a pooler. */
  sessionPid: number;
}

export type ApplyOutcome = { ok: true; durationMs: number } | { ok: false; finding: Finding };

interface Piece {
  sql: string;
  /** Offset of `sql` in the migration's up SQL. */
  start: number;
}

/** The statements of a migration as they are sent; a file with a BEGIN ATOMIC body is sent whole. */
export function piecesOf(upSql: string): Piece[] {
  if (hasAtomicBody(upSql)) return upSql.trim() === '' ? [] : [{ sql: upSql, start: 0 }];
  return scanSql(upSql)
    .statements.filter((s) => s.sql.replace(/;$/, '').trim() !== '')
    .map((s) => ({ sql: s.sql, start: s.start }));
}

export async function applyMigration(client: pg.Client, m: Migration, ledger: Ledger, s: ApplySettings): Promise<ApplyOutcome> {
  return m.noTransaction ? applyOutside(client, m, ledger, s) : applyInTransaction(client, m, ledger, s);
}

/**
 * One round trip per migration: BEGIN, the timeouts, the statements, the ledger row and COMMIT in
 * one simple-query message. The server stops at the first failing statement and answers every
 * earlier one with CommandComplete, so counting those names the failing statement even when the
 * error carries no position.
 */
async function applyInTransaction(client: pg.Client, m: Migration, ledger: Ledger, s: ApplySettings): Promise<ApplyOutcome> {
  const started = performance.now();
  const prefix = `BEGIN; SET LOCAL lock_timeout = ${int(s.lockTimeoutMs)}; SET LOCAL statement_timeout = ${int(s.statementTimeoutMs)}; SELECT pg_backend_pid() AS pid;\n`;
  const prefixStatements = 4;
  const pieces = piecesOf(m.upSql);
  let text = prefix;
  const offsets: number[] = [];
  for (const piece of pieces) {
    offsets.push(text.length);
    // A last statement without `;` may end in a line comment: the terminator goes on a new line.
    text += piece.sql.endsWith(';') ? `${piece.sql}\n` : `${piece.sql}\n;\n`;
  }
  text += `${ledger.recordSql(m)};\nCOMMIT`;

  // One message: the server answers once every statement in it ran, each within statement_timeout
  // (the bookkeeping ones count as one more).
  const silence = s.statementTimeoutMs > 0 && s.answerGraceMs !== undefined ? (pieces.length + 1) * s.statementTimeoutMs + s.answerGraceMs : 0;
  const run = await withAnswerTimeout(client, silence, () => countedQuery(client, text));
  if (run.error === undefined) {
    await checkPid(run.results, s.sessionPid, `${m.file} was applied, but `);
    return { ok: true, durationMs: performance.now() - started };
  }
  await client.query('ROLLBACK').catch(() => undefined);
  if (!isServerError(run.error)) throw lostConnection(m, run.error, false);
  let index = run.completed - prefixStatements;
  if (run.completed === 0 && Number(run.error.position) > 0) {
    // Rejected while the server parsed the message (syntax this server version does not know,
    // which the linter's newer parser accepted): nothing ran, and the position says which statement.
    const at = indexOfPosition(text, Number(run.error.position));
    index = -1;
    for (const [i, offset] of offsets.entries()) if (offset <= at) index = i;
  }
  const piece = index >= 0 && index < pieces.length ? pieces[index] : undefined;
  let position: string | undefined;
  if (piece && Number(run.error.position) > 0) {
    // The server counts characters from the start of the whole message; make it piece-relative.
    const rel = indexOfPosition(text, Number(run.error.position)) - offsets[index];
    if (rel >= 0 && rel <= piece.sql.length) position = String([...piece.sql.slice(0, rel)].length + 1);
  }
  if (index < 0) return { ok: false, finding: failed(m, undefined, run.error, 'in-transaction', ledger, 'before its first statement') };
  const e = run.error;
  return { ok: false, finding: failed(m, piece, { message: e.message, code: e.code, detail: e.detail, hint: e.hint, where: e.where, position }, 'in-transaction', ledger) };
}

/** A simple-query message, resolved (never rejected) with the results and how many statements completed. */
function countedQuery(client: pg.Client, text: string): Promise<{ error?: ServerError | Error; results: pg.QueryResult[]; completed: number }> {
  return new Promise((resolve) => {
    let completed = 0;
    const query = new pg.Query(text, undefined, (error: Error | undefined, result: unknown) => {
      if (error) resolve({ error: error as ServerError | Error, results: [], completed });
      else resolve({ results: (Array.isArray(result) ? result : [result]) as pg.QueryResult[], completed });
    });
    // handleCommandComplete is the Submittable hook pg calls once per CommandComplete message.
    const hooks = query as unknown as { handleCommandComplete(msg: unknown, con: unknown): void };
    const original = hooks.handleCommandComplete.bind(query);
    hooks.handleCommandComplete = (msg, con) => {
      completed++;
      original(msg, con);
    };
    client.query(query);
  });
}

async function applyOutside(client: pg.Client, m: Migration, ledger: Ledger, s: ApplySettings): Promise<ApplyOutcome> {
  const started = performance.now();
  const set = await client.query(`SET lock_timeout = ${int(s.lockTimeoutMs)}; SET statement_timeout = ${int(s.statementTimeoutMs)}; SELECT pg_backend_pid() AS pid`);
  await checkPid(Array.isArray(set) ? set : [set], s.sessionPid, '');
  // golang-migrate's contract: the version is marked dirty first, so a crash is visible to every tool.
  if (ledger.dirtySql) await client.query(ledger.dirtySql(m));
  let current: Piece | undefined;
  try {
    for (const piece of piecesOf(m.upSql)) {
      current = piece;
      await client.query(piece.sql);
    }
    current = undefined;
    await client.query('RESET lock_timeout; RESET statement_timeout');
    const durationMs = performance.now() - started;
    await client.query(ledger.recordSql(m, durationMs));
    return { ok: true, durationMs };
  } catch (error) {
    if (!isServerError(error)) throw lostConnection(m, error, true);
    await client.query('RESET lock_timeout; RESET statement_timeout').catch(() => undefined);
    return { ok: false, finding: failed(m, current, error, 'outside', ledger) };
  }
}

/**
 * Backstop for a pooler the start-up probe missed: every transaction must run on the session that
 * holds the lock, or the lock protects nothing.
 */
async function checkPid(results: readonly pg.QueryResult[], sessionPid: number, applied: string): Promise<void> {
  const pid = results.find((r) => r.command === 'SELECT' && r.fields.some((f) => f.name === 'pid'))?.rows[0]?.pid as number | undefined;
  if (pid === sessionPid) return;
  const text = `the connection moved to another server session between transactions (backend ${sessionPid} became ${pid}), so it goes through a transaction pooler; pass the direct connection with --direct-url or DIRECT_URL.`;
  throw new UsageError(applied ? `${applied}${text}` : text.charAt(0).toUpperCase() + text.slice(1));
}

interface ServerError {
  message: string;
  code: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

/**
 * An error about the SQL, which the user fixes in the file. Connection failures and server
 * shutdowns (class 08, 57P01-57P03) are not: the run could not finish, exit 3.
 */
function isServerError(error: unknown): error is ServerError {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return !/^(08|57P0[1-3])/.test(code);
}

/** 1-based line in the migration file of a failing statement (or of the server's error position). */
export function errorLine(m: Migration, piece: Piece | undefined, position: string | undefined): number | undefined {
  if (!piece) return undefined;
  const pos = Number(position);
  const index = pos > 0 ? piece.start + indexOfPosition(piece.sql, pos) : piece.start;
  return m.upStartLine + lineIndex(m.upSql)(index) - 1;
}

function failed(m: Migration, piece: Piece | undefined, error: ServerError, mode: 'in-transaction' | 'outside', ledger: Ledger, context = 'while recording it in the ledger'): Finding {
  const line = errorLine(m, piece, error.position);
  const where = line !== undefined ? ` at line ${line}` : ` ${context}`;
  const extra = [error.detail, error.hint ? `hint: ${error.hint}` : undefined].filter(Boolean).join('; ');
  const consequence =
    mode === 'in-transaction'
      ? 'its transaction was rolled back, the ledger does not list it and no later migration ran; fix the file and run again'
      : `it runs outside a transaction, so statements before line ${line ?? '?'} stay applied${
          ledger.dirtySql ? ` and schema_migrations is marked dirty at ${m.version}` : ''
        }; make them re-runnable (IF NOT EXISTS, DROP INDEX CONCURRENTLY IF EXISTS for an INVALID index left by CONCURRENTLY) or finish them by hand, then run again`;
  return {
    rule: 'migration-failed',
    severity: 'error',
    object: m.file,
    file: m.file,
    ...(line !== undefined ? { line } : {}),
    message: `Migration ${m.file} failed${where}: ${oneLine(error.message)} (SQLSTATE ${error.code}${timeoutHint(error.code)})${extra ? ` [${oneLine(extra)}]` : ''}; ${consequence}.`,
  };
}

function timeoutHint(code: string): string {
  if (code === '55P03') return ', lock-timeout: another session held a conflicting lock; find it with --check-connections or retry when traffic is lower';
  if (code === '57014') return ', statement-timeout: the statement ran longer than --statement-timeout';
  return '';
}

function lostConnection(m: Migration, error: unknown, outside: boolean): CouldNotRunError {
  const why = error instanceof Error ? error.message : String(error);
  return new CouldNotRunError(
    `The connection was lost while applying ${m.file} (${oneLine(why)}); ${
      outside ? 'it runs outside a transaction, so check what it already did' : 'the server rolls back its transaction'
    } and run again to continue.`,
  );
}

function int(ms: number): number {
  return Math.max(0, Math.round(ms));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
