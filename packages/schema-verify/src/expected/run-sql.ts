/**
 * Sends SQL text as one simple-protocol query (several statements, parsed by the server exactly as
 * psql would send them) and, when it fails, says on which line of that text. The server gives a
 * character `position` for most errors; for the rest (`relation "x" does not exist` from an FK,
 * duplicate keys, ...) we count the statements that completed before the error and take the next
 * statement our lexer found.
 */
import pg from 'pg';
import { CouldNotRunError, redact } from '@preflight/core';
import { lineOfPosition, scanSql, type SqlStatement } from '@preflight/migrations';

export interface SqlFailure {
  /** 1-based line inside the text that was sent. */
  line: number;
  /** The server's message, with its hint when it has one. */
  message: string;
  code?: string;
  cause: unknown;
}

/** Counts CommandComplete messages: one per statement the server finished before any error. */
class CountingQuery extends pg.Query {
  completed = 0;
  handleCommandComplete(msg: unknown, connection: unknown): void {
    this.completed++;
    (pg.Query.prototype as unknown as { handleCommandComplete(m: unknown, c: unknown): void }).handleCommandComplete.call(this, msg, connection);
  }
}

/**
 * Runs `text`; resolves to undefined on success or to the failure with its line. Connection-level
 * failures (server gone, admin shutdown) are not the file's fault and throw CouldNotRunError.
 */
export async function runSqlText(client: pg.Client, text: string, statements?: SqlStatement[]): Promise<SqlFailure | undefined> {
  const query = new CountingQuery(text);
  try {
    await new Promise<void>((resolve, reject) => {
      query.on('end', () => resolve());
      query.on('error', reject);
      client.query(query);
    });
    return undefined;
  } catch (error) {
    const e = error as { message?: string; position?: string; code?: string; severity?: string; hint?: string };
    if (!e.severity || !e.code || /^(08|57|53|58|XX)/.test(e.code)) {
      throw new CouldNotRunError(`The database connection failed while loading SQL: ${redact(String(e.message ?? error))}`, { cause: error });
    }
    let line: number;
    if (e.position && Number(e.position) > 0) {
      line = lineOfPosition(text, Number(e.position));
    } else {
      const stmts = statements ?? scanSql(text).statements;
      line = stmts[Math.min(query.completed, stmts.length - 1)]?.line ?? 1;
    }
    const hint = e.hint ? ` (hint: ${e.hint})` : '';
    return { line, message: redact(`${e.message}${hint}`), code: e.code, cause: error };
  }
}
