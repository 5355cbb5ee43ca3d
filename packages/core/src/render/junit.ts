/**
 * JUnit XML, which Jenkins (`junit` step), GitLab (`artifacts: reports: junit:`) and Buildkite
 * (test-collector / junit-annotate) show natively: one <testsuite> per check, one <testcase> per
 * finding (classname `<check>.<rule>`, name the object), a <failure> for each blocking finding, an
 * <error> when the check could not run. Warnings and notices are passing test cases whose text is
 * in <system-out>. A check that looked and found nothing is one passing test case, never an empty
 * suite a CI would read as "nothing ran".
 */
import type { Finding, Report } from '../report.ts';
import { repoRelative, repoRoot } from './repo-path.ts';

export function junitXml(report: Report, root = repoRoot()): string {
  const cases: string[] = report.findings.map((f) => findingCase(report.check, f, root));
  const failures = report.findings.filter((f) => f.severity === 'error').length;
  let errors = 0;
  if (report.status === 'error') {
    errors = 1;
    cases.push(
      testcase({ classname: report.check, name: report.check }, element('error', { type: 'could-not-run', message: report.summary }, report.summary)),
    );
  } else if (cases.length === 0) {
    cases.push(testcase({ classname: report.check, name: report.check }, element('system-out', {}, report.summary)));
  }
  const counts = { tests: String(cases.length), failures: String(failures), errors: String(errors) };
  const suite = [
    `  <testsuite ${attrs({ name: report.check, ...counts, skipped: '0' })}>`,
    `    <properties>`,
    `      ${element('property', { name: 'preflight.version', value: report.version })}`,
    `      ${element('property', { name: 'preflight.status', value: report.status })}`,
    `    </properties>`,
    ...cases.map((c) => `    ${c}`),
    `    ${element('system-out', {}, report.summary)}`,
    `  </testsuite>`,
  ];
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs({ name: `preflight ${report.check}`, ...counts })}>`, ...suite, '</testsuites>', ''].join('\n');
}

function findingCase(check: string, f: Finding, root: string): string {
  const file = f.file ? repoRelative(f.file, root) : undefined;
  const where = file ? `\n${file}${f.line ? `:${f.line}` : ''}` : '';
  const text = `${f.message}${f.fix ? `\nFix: ${f.fix}` : ''}${where}`;
  const body = f.severity === 'error' ? element('failure', { type: f.rule, message: f.message }, text) : element('system-out', {}, `${f.severity}: ${text}`);
  return testcase({ classname: `${check}.${f.rule}`, name: f.object, ...(file ? { file } : {}), ...(file && f.line ? { line: String(f.line) } : {}) }, body);
}

function testcase(attributes: Record<string, string>, body: string): string {
  return `<testcase ${attrs(attributes)}>${body}</testcase>`;
}

function element(name: string, attributes: Record<string, string>, text?: string): string {
  const open = Object.keys(attributes).length ? `<${name} ${attrs(attributes)}` : `<${name}`;
  return text === undefined ? `${open}/>` : `${open}>${xmlText(text)}</${name}>`;
}

function attrs(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}="${xmlAttribute(v)}"`)
    .join(' ');
}

// Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other than
// tab, LF and CR, U+FFFE/U+FFFF, and unpaired surrogates. They become U+FFFD.
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(notXml, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values also keep their quotes and line breaks (a parser would turn a raw newline into a space). */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
