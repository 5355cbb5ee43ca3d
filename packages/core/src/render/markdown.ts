/**
 * Markdown for the step summary and the PR comment: the same text in both places, so what a
 * reviewer reads in the PR is what the job printed. A gate report (with `checks`) gets an
 * overview table and one section per check, each with that check's findings and tables.
 */
import type { CheckStatus, Finding, Report, ResultTable } from '../report.ts';

const icon: Record<CheckStatus, string> = { pass: '✅', fail: '❌', error: '⚠️', skipped: '⏭️' };

export function commentMarker(check: string): string {
  return `<!-- preflight:${check} -->`;
}

export function renderMarkdown(report: Report, opts: { maxFindings?: number } = {}): string {
  const max = opts.maxFindings ?? 100;
  const out = [`### ${icon[report.status]} preflight ${report.check}: ${report.status}`, ''];
  if (report.checks?.length) {
    // A fleet's summary ("3 of 200 targets drifted: ...") says what its sections add up to; the
    // gate's is only its sections' summaries joined, which the table shows already.
    if (report.check !== 'gate') out.push(escapeCell(report.summary), '');
    out.push(`| ${report.check === 'gate' ? 'check' : 'target'} | status | summary |`, '| --- | --- | --- |');
    for (const s of report.checks) out.push(`| ${s.check} | ${icon[s.status]} ${s.status} | ${escapeCell(s.summary)} |`);
    for (const s of report.checks) {
      // Not `check: status`: the mask reads `secrets-lint: fail` as a secret-named assignment.
      out.push('', `#### ${icon[s.status]} ${s.check} — ${s.status}`, '', escapeCell(s.summary));
      pushFindings(out, report.findings.filter((f) => f.check === s.check), max);
      pushTables(out, s.tables ?? [], max);
    }
    // Findings no section claims (none today) are still shown, never dropped.
    const known = new Set(report.checks.map((s) => s.check));
    pushFindings(out, report.findings.filter((f) => !f.check || !known.has(f.check)), max);
  } else {
    out.push(escapeCell(report.summary));
    pushFindings(out, report.findings, max);
  }
  pushTables(out, report.tables ?? [], max);
  out.push('', `<sub>preflight ${report.version}</sub>`);
  return out.join('\n') + '\n';
}

function pushFindings(out: string[], findings: readonly Finding[], max: number): void {
  if (findings.length === 0) return;
  out.push('', '| severity | rule | object | message | location |', '| --- | --- | --- | --- | --- |');
  for (const f of findings.slice(0, max)) {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '';
    out.push(`| ${f.severity} | \`${f.rule}\` | \`${escapeCell(f.object)}\` | ${escapeCell(f.message)} | ${escapeCell(where)} |`);
  }
  if (findings.length > max) out.push('', `…and ${findings.length - max} more (see the JSON report).`);
  const fixes = findings.filter((f) => f.fix).map((f) => f.fix!);
  if (fixes.length > 0) {
    out.push('', '<details><summary>Fix</summary>', '', '```sql', ...fixes.slice(0, max), '```', '', '</details>');
  }
}

function pushTables(out: string[], tables: readonly ResultTable[], max: number): void {
  for (const t of tables) {
    out.push('', `#### ${escapeCell(t.title)}`, '', `| ${t.header.map(escapeCell).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`);
    for (const row of t.rows.slice(0, max)) out.push(`| ${row.map(escapeCell).join(' | ')} |`);
    if (t.rows.length > max) out.push('', `…and ${t.rows.length - max} more rows (see the JSON report).`);
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
