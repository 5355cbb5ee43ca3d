/**
 * Shared state of one diff run and the three ways a finding is born: something expected is
 * missing or different in the live database (error), or the live database has something the
 * expected schema does not (warning, error in strict mode).
 */
import type { Finding } from '@preflight/core';
import { compareText, type SchemaModel } from '../model.ts';

export interface DiffContext {
  expected: SchemaModel;
  actual: SchemaModel;
  strict: boolean;
  ignorePrivileges: boolean;
  findings: Finding[];
}

function push(ctx: DiffContext, finding: Finding, fix: string[] | string | undefined): void {
  const text = Array.isArray(fix) ? fix.filter(Boolean).join('\n') : fix;
  if (text) finding.fix = text;
  ctx.findings.push(finding);
}

/** Missing in live, or different from expected: blocks the deploy. */
export function problem(ctx: DiffContext, rule: string, object: string, message: string, fix?: string[] | string): void {
  push(ctx, { rule, severity: 'error', object, message }, fix);
}

/** Present only in live: shown, and blocking only in strict mode. */
export function extra(ctx: DiffContext, rule: string, object: string, message: string, fix?: string[] | string): void {
  push(ctx, { rule, severity: ctx.strict ? 'error' : 'warning', object, message }, fix);
}

/** Different, but not an outage (storage parameters, column order): shown, never blocking. */
export function advise(ctx: DiffContext, rule: string, object: string, message: string, fix?: string[] | string, severity: 'warning' | 'notice' = 'warning'): void {
  push(ctx, { rule, severity, object, message }, fix);
}

/** Every key of the maps once, sorted: the objects of one kind on either side. */
export function sortedKeys(...maps: Array<Record<string, unknown>>): string[] {
  return [...new Set(maps.flatMap((m) => Object.keys(m)))].sort(compareText);
}
