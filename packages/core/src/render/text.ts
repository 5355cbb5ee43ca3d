/** Terminal output of a report: a status line, then one block per finding with its fix. */
import type { Report } from '../report.ts';

export function renderText(report: Report, color = false): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const badge = report.status === 'pass' ? paint(32, 'PASS') : report.status === 'fail' ? paint(31, 'FAIL') : paint(33, 'ERROR');
  const lines = [`${report.check}: ${badge} - ${report.summary}`];
  for (const f of report.findings) {
    const sev = f.severity === 'error' ? paint(31, 'error') : f.severity === 'warning' ? paint(33, 'warning') : 'notice';
    const where = f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : '';
    lines.push(`  ${sev.padEnd(color ? 16 : 7)} ${f.rule}  ${f.object}${where}`);
    lines.push(`          ${f.message}`);
    if (f.fix) lines.push(...f.fix.split('\n').map((l, i) => `          ${i === 0 ? 'fix: ' : '     '}${l}`));
  }
  return lines.join('\n') + '\n';
}
