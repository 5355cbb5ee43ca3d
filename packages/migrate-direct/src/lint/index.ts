/**
 * Classifies the statements of one SQL migration with PostgreSQL's own parser (libpg-query), so a
 * `DROP TABLE` inside a string, a comment or a dollar-quoted function body is never mistaken for
 * one, and `ALTER TABLE a DROP COLUMN x, ADD COLUMN y` is seen for what it is.
 */
import { setFlagsFromString } from 'node:v8';
import { loadModule, parseSync } from 'libpg-query';
import type { Finding } from '@preflight/core';
import type { AstNode } from './ast.ts';
import { statementRules, syntaxError } from './rules/index.ts';
import { lineOfByte, lineOfCodePoint, skipTrivia, sourceText } from './source.ts';
import { newFileState, recordStatement } from './state.ts';
import type { RuleDoc, Statement } from './types.ts';

export type { RuleCategory, RuleDoc } from './types.ts';

export interface LintOptions {
  /** Path shown in findings (relative to the repository, for annotations). */
  file: string;
  /** 1-based line of the file where `sql` starts (default 1). */
  startLine?: number;
  /** `production` makes destructive statements errors unless allowDestructive. */
  environment?: string;
  allowDestructive?: boolean;
  /** Whether the runner wraps this migration in a transaction (no `-- preflight:no-transaction`). */
  inTransaction: boolean;
}

/** Every rule with its docs text, for docs/rules.md and `--help`-style listings. */
export const lintRules: readonly RuleDoc[] = [
  ...statementRules.map(({ id, title, severity, category, description, example, fix }) => ({ id, title, severity, category, description, example, fix })),
  syntaxError,
];

let loading: Promise<void> | undefined;

/**
 * The WASM module loads once per process; parseSync is then cheaper than the async parse. A few
 * hundred parses never repay V8's optimising re-compile of the 1.7 MB module, which on two cores
 * competes with the database for CPU: the baseline compiler (Liftoff) is kept. Compiling the whole
 * module up front (--no-wasm-lazy-compilation) was measured too: no faster over 500 realistic
 * files, and ~60 ms more CPU, so functions still compile when first called.
 */
export function parserReady(): Promise<void> {
  if (!loading) {
    setFlagsFromString('--liftoff-only');
    loading = loadModule();
  }
  return loading;
}

function isProduction(environment: string | undefined): boolean {
  return environment?.trim().toLowerCase() === 'production';
}

function syntaxFinding(error: unknown, sql: string, opts: LintOptions): Finding[] {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } })?.sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  // Without details the parser rejected the input as a whole ("Query cannot be empty").
  if (!details && sql.trim() === '') return [];
  const line = (opts.startLine ?? 1) + (typeof details?.cursorPosition === 'number' ? lineOfCodePoint(sql, details.cursorPosition) : 0);
  return [
    {
      rule: syntaxError.id,
      severity: 'error',
      object: opts.file,
      message: `Line ${line} of ${opts.file} does not parse as PostgreSQL: ${message}.`,
      file: opts.file,
      line,
      fix: syntaxError.fix,
    },
  ];
}

/** Lints one migration. Never throws on SQL content: unparseable SQL becomes a syntax-error finding. */
export async function lintMigrationSql(sql: string, opts: LintOptions): Promise<Finding[]> {
  await parserReady();
  let stmts: { stmt?: AstNode; stmt_location?: number; stmt_len?: number }[];
  try {
    stmts = (parseSync(sql).stmts ?? []) as typeof stmts;
  } catch (error) {
    return syntaxFinding(error, sql, opts);
  }

  const src = sourceText(sql);
  const startLine = opts.startLine ?? 1;
  const destructiveSeverity = isProduction(opts.environment) && !opts.allowDestructive ? 'error' : 'warning';
  const ctx = { inTransaction: opts.inTransaction };
  const state = newFileState();
  const findings: Finding[] = [];

  for (const raw of stmts) {
    const entry = Object.entries(raw.stmt ?? {})[0];
    if (!entry) continue;
    // Locations are byte offsets; an absent location is 0 and an absent length means "to the end".
    const end = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len : src.bytes.length;
    const start = skipTrivia(src.bytes, raw.stmt_location ?? 0, end);
    const stmt: Statement = {
      type: entry[0],
      node: entry[1] as AstNode,
      text: src.bytes.subarray(start, end).toString('utf8').trimEnd(),
      line: startLine + lineOfByte(src, start),
    };
    for (const rule of statementRules) {
      for (const hit of rule.check(stmt, state, ctx)) {
        findings.push({
          rule: rule.id,
          severity: rule.category === 'destructive' ? destructiveSeverity : rule.severity,
          object: hit.object,
          message: hit.message,
          file: opts.file,
          line: stmt.line,
          fix: hit.fix,
        });
      }
    }
    recordStatement(state, stmt);
  }
  return findings;
}
