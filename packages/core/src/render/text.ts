/**
 * Terminal output of a report: a status line, then one block per finding with its fix. A gate
 * report prints one such status line per check, each followed by that check's findings.
 */
import type { CheckStatus, Finding, Report } from '../report.ts';

export function renderText(report: Report, color = false): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const badges: Record<CheckStatus, string> = { pass: paint(32, 'PASS'), fail: paint(31, 'FAIL'), error: paint(33, 'ERROR'), skipped: paint(2, 'SKIPPED') };
  const findingLines = (findings: readonly Finding[]) =>
    findings.flatMap((f) => {
      const sev = f.severity === 'error' ? paint(31, 'error') : f.severity === 'warning' ? paint(33, 'warning') : 'notice';
      const where = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '';
      return [
        `  ${sev.padEnd(color ? 16 : 7)} ${f.rule}  ${f.object}${where}`,
        `          ${f.message}`,
        ...(f.fix ? f.fix.split('\n').map((l, i) => `          ${i === 0 ? 'fix: ' : '     '}${l}`) : []),
      ];
    });
  if (!report.checks?.length) return [`${report.check}: ${badges[report.status]} - ${report.summary}`, ...findingLines(report.findings)].join('\n') + '\n';
  const lines: string[] = [];
  for (const s of report.checks) lines.push(`${s.check}: ${badges[s.status]} - ${s.summary}`, ...findingLines(report.findings.filter((f) => f.check === s.check)));
  const known = new Set(report.checks.map((s) => s.check));
  lines.push(...findingLines(report.findings.filter((f) => !f.check || !known.has(f.check))));
  // A fleet's last line is its summary (which targets drifted); the gate's sections say it all.
  lines.push(`${report.check}: ${badges[report.status]}${report.check === 'gate' ? '' : ` - ${report.summary}`}`);
  return lines.join('\n') + '\n';
}
