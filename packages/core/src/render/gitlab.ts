/**
 * GitLab Code Quality (`artifacts: reports: codequality:`): a JSON array of issues, each with
 * description, check_name, fingerprint, severity and location {path, lines: {begin}}, the subset of
 * the Code Climate spec GitLab reads. The merge request widget lists new and fixed issues by
 * fingerprint, so a fingerprint must stay the same from one pipeline to the next.
 */
import type { createHash as CreateHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import type { Finding, Report, Severity } from '../report.ts';
import { repoRelative, repoRoot } from './repo-path.ts';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** A blocking finding is about to break production: critical. `blocker` is kept for a check that could not look at all. */
const severityOf: Record<Severity, CodeQualitySeverity> = { error: 'critical', warning: 'minor', notice: 'info' };

export function codeQualityIssues(report: Report, root = repoRoot()): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  const issues = report.findings.map((f): CodeQualityIssue => {
    // A finding about a database object has no file: it is filed under the check's name (GitLab needs a path).
    const path = f.file ? repoRelative(f.file, root) : report.check;
    // An object that is an absolute path (a migration file) is hashed relative to the repository,
    // so the fingerprint does not change with the runner's checkout directory.
    const key = [report.check, f.rule, isAbsolute(f.object) ? repoRelative(f.object, root) : f.object, path].join('\0');
    // Two findings can share rule, object and file (two lines of one file): GitLab keeps only the
    // first of equal fingerprints, so the n-th repeat (in the report's stable order) gets its number.
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return {
      description: describe(f),
      check_name: f.rule,
      fingerprint: fingerprint(n === 1 ? key : `${key}\0${n}`),
      severity: severityOf[f.severity],
      location: { path, lines: { begin: f.line ?? 1 } },
    };
  });
  if (report.status === 'error') {
    // "Could not run" must not read as "no issues" in the widget.
    issues.push({
      description: `preflight ${report.check} could not complete: ${report.summary}`,
      check_name: report.check,
      fingerprint: fingerprint(`${report.check}\0error`),
      severity: 'blocker',
      location: { path: report.check, lines: { begin: 1 } },
    });
  }
  return issues;
}

function describe(f: Finding): string {
  return f.message.includes(f.object) ? f.message : `${f.object}: ${f.message}`;
}

/** node:crypto loads only when a GitLab report is written: it is ~5 ms of every start-up otherwise. */
const load = createRequire(import.meta.url);

function fingerprint(key: string): string {
  const createHash = (load('node:crypto') as { createHash: typeof CreateHash }).createHash;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
