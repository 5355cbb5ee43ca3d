/**
 * Markdown for the step summary and the PR comment: the same text in both places, so what a
 * reviewer reads in the PR is what the job printed.
 */
import type { Report } from '../report.ts';

const icon = { pass: '✅', fail: '❌', error: '⚠️' } as const;

export function commentMarker(check: string): string {
  return `<!-- preflight:${check} -->`;
}

export function renderMarkdown(report: Report, opts: { maxFindings?: number } = {}): string {
  const max = opts.maxFindings ?? 100;
  const out = [`### ${icon[report.status]} preflight ${report.check}: ${report.status}`, '', escapeCell(report.summary), ''];
  if (report.findings.length > 0) {
    out.push('| severity | rule | object | message | location |', '| --- | --- | --- | --- | --- |');
    for (const f of report.findings.slice(0, max)) {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
      out.push(`| ${f.severity} | \`${f.rule}\` | \`${escapeCell(f.object)}\` | ${escapeCell(f.message)} | ${escapeCell(where)} |`);
    }
    if (report.findings.length > max) out.push('', `…and ${report.findings.length - max} more (see the JSON report).`);
    const fixes = report.findings.filter((f) => f.fix).map((f) => f.fix!);
    if (fixes.length > 0) {
      out.push('', '<details><summary>Fix</summary>', '', '```sql', ...fixes.slice(0, max), '```', '', '</details>');
    }
  }
  for (const t of report.tables ?? []) {
    out.push('', `#### ${escapeCell(t.title)}`, '', `| ${t.header.map(escapeCell).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`);
    for (const row of t.rows.slice(0, max)) out.push(`| ${row.map(escapeCell).join(' | ')} |`);
    if (t.rows.length > max) out.push('', `…and ${t.rows.length - max} more rows (see the JSON report).`);
  }
  out.push('', `<sub>preflight ${report.version}</sub>`);
  return out.join('\n') + '\n';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
