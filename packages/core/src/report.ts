export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  /** Stable kebab-case rule ID, documented in docs/rules.md. */
  rule: string;
  severity: Severity;
  /** The thing the finding is about, schema-qualified where it lives in a database: `public.invoices.nit`. */
  object: string;
  message: string;
  file?: string;
  line?: number;
  /** A statement (or a short instruction) that fixes it. */
  fix?: string;
}

export type Status = 'pass' | 'fail' | 'error';

export interface Report {
  check: string;
  version: string;
  status: Status;
  summary: string;
  findings: Finding[];
  stats: Record<string, number | string | boolean>;
  /** Optional detail tables (restore-verify's per-table counts): in the JSON and the step summary. */
  tables?: ResultTable[];
}

/** A small table a check adds to its report, rendered after the findings in markdown. */
export interface ResultTable {
  title: string;
  header: string[];
  rows: string[][];
}

/** Only errors block; warnings and notices are shown but the check passes. */
export function blockingCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'error').length;
}

export function statusOf(findings: readonly Finding[]): Status {
  return blockingCount(findings) > 0 ? 'fail' : 'pass';
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Deterministic order for every output: severity, then object, then rule. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityOrder[a.severity] - severityOrder[b.severity] ||
      a.object.localeCompare(b.object) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/** What docs/rules.md says about a rule; every check keeps its rules in a list of these. */
export interface RuleDoc {
  /** The stable kebab-case ID findings carry in `rule`. */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  /** A finding message, or the input that triggers the rule. */
  example: string;
  /** The fix, or the kind of SQL the finding's `fix` holds. */
  fix: string;
}
