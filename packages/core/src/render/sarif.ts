/**
 * SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`): findings with a file
 * get a physical location (annotated on the diff); the others a logical one (the database object).
 */
import { repoRelative, repoRoot } from './repo-path.ts';
import type { Report, Severity } from '../report.ts';

const level: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

export function renderSarif(report: Report, root?: string): string {
  return JSON.stringify(sarifDocument(report, root), null, 2) + '\n';
}

export function sarifDocument(report: Report, root = repoRoot()): object {
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: `preflight ${report.check}`,
            version: report.version,
            informationUri: 'https://github.com/OWNER/preflight/blob/main/docs/rules.md',
            rules: ruleIds.map((id) => ({ id, helpUri: `https://github.com/OWNER/preflight/blob/main/docs/rules.md` })),
          },
        },
        // A run that could not look must not read as "no problems": code scanning would close every
        // open alert as fixed. executionSuccessful false, with the reason, says it did not look.
        invocations: [
          {
            executionSuccessful: report.status !== 'error',
            ...(report.status === 'error' ? { toolExecutionNotifications: [{ level: 'error', message: { text: report.summary } }] } : {}),
          },
        ],
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: level[f.severity],
          message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
          locations: [
            f.file
              ? {
                  physicalLocation: {
                    artifactLocation: { uri: repoRelative(f.file, root) },
                    ...(f.line ? { region: { startLine: f.line } } : {}),
                  },
                }
              : { logicalLocations: [{ fullyQualifiedName: f.object }] },
          ],
          partialFingerprints: { preflightObject: `${f.rule}:${f.object}` },
          // In the gate's report, the check that found it.
          ...(f.check ? { properties: { check: f.check } } : {}),
        })),
      },
    ],
  };
  return sarif;
}
