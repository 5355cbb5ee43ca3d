/**
 * One rule = one module under rules/ with its ID, its docs text and its check side by side, so the
 * docs page (docs/rules.md) and the code cannot drift apart.
 */
import type { RuleDoc as SharedRuleDoc, Severity } from '@preflight/core';
import type { AstNode } from './ast.ts';
import type { FileState } from './state.ts';

/**
 * destructive: loses data; an error in production unless allow-destructive, a warning elsewhere.
 * locking: takes a lock long enough to stall the app; always a warning.
 * compatibility: breaks the app version still running during the deploy; always a warning.
 * transaction: cannot run in the migration's transaction at all; an error.
 * syntax: the file does not parse; an error.
 */
export type RuleCategory = 'destructive' | 'locking' | 'compatibility' | 'transaction' | 'syntax';

/** A lint rule's docs: the shared shape plus the category docs/rules.md groups by. */
export interface RuleDoc extends SharedRuleDoc {
  /** Severity where it matters most (production); destructive rules are warnings elsewhere. */
  severity: Severity;
  category: RuleCategory;
}

/** One parsed top-level statement of the migration. */
export interface Statement {
  /** The node type: AlterTableStmt, IndexStmt, ... */
  type: string;
  node: AstNode;
  /** The statement's own text (no trailing `;`). */
  text: string;
  /** 1-based line in the file. */
  line: number;
}

export interface LintContext {
  inTransaction: boolean;
}

/** What a rule reports; the linter adds rule, severity, file and line. */
export interface Hit {
  object: string;
  message: string;
  fix: string;
}

export interface Rule extends RuleDoc {
  /** `file` describes the statements before this one (tables created, constraints validated). */
  check(stmt: Statement, file: FileState, ctx: LintContext): Hit[];
}
