/**
 * JUnit XML, which Jenkins (`junit` step), GitLab (`artifacts: reports: junit:`) and Buildkite
 * (junit-annotate) show natively: one <testsuite> per check (for the gate, one per check it ran),
 * one <testcase> per finding (classname `<check>.<rule>`, name the object), a <failure> for each
 * blocking finding, an <error> when the check could not run. Warnings and notices are passing test
 * cases whose text is in <system-out>. A check that looked and found nothing is one passing test
 * case, never an empty suite a CI would read as "nothing ran".
 */
import { statusOf, type Finding, type Report, type Status } from '../report.ts';
import { repoRelative, repoRoot } from './repo-path.ts';

export function junitXml(report: Report, root = repoRoot()): string {
  const suites = suitesOf(report).map((suite) => suiteXml(suite, report.version, root));
  const total = (key: 'tests' | 'failures' | 'errors') => String(suites.reduce((n, s) => n + s.counts[key], 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({ name: `preflight ${report.check}`, tests: total('tests'), failures: total('failures'), errors: total('errors') })}>`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  name: string;
  status: Status;
  summary: string;
  findings: Finding[];
}

/**
 * One suite per check. The gate's report holds several checks: its stats name each check's
 * status and each finding's message starts with `[check] `, so it splits into one suite per
 * check that ran; anything that cannot be attributed stays in a suite named `gate`, never dropped.
 */
function suitesOf(report: Report): Suite[] {
  const ran = Object.entries(report.stats).filter((e): e is [string, Status] => e[1] === 'pass' || e[1] === 'fail' || e[1] === 'error');
  if (report.check !== 'gate' || ran.length === 0) return [{ name: report.check, status: report.status, summary: report.summary, findings: report.findings }];
  const left = new Set(report.findings);
  const suites = ran.map(([name, status]): Suite => {
    const prefix = `[${name}] `;
    const own = report.findings.filter((f) => f.message.startsWith(prefix));
    for (const f of own) left.delete(f);
    const summary = report.summary.split('; ').find((s) => s.startsWith(`${name}: `))?.slice(name.length + 2) ?? report.summary;
    return { name, status, summary, findings: own.map((f) => ({ ...f, message: f.message.slice(prefix.length) })) };
  });
  if (left.size > 0) suites.push({ name: report.check, status: statusOf([...left]), summary: report.summary, findings: [...left] });
  return suites;
}

function suiteXml(suite: Suite, version: string, root: string) {
  const cases: string[] = suite.findings.map((f) => findingCase(suite.name, f, root));
  const failures = suite.findings.filter((f) => f.severity === 'error').length;
  let errors = 0;
  if (suite.status === 'error') {
    errors = 1;
    cases.push(testcase({ classname: suite.name, name: suite.name }, element('error', { type: 'could-not-run', message: suite.summary }, suite.summary)));
  } else if (cases.length === 0) {
    cases.push(testcase({ classname: suite.name, name: suite.name }, element('system-out', {}, suite.summary)));
  }
  const counts = { tests: cases.length, failures, errors };
  const lines = [
    `  <testsuite ${attrs({ name: suite.name, tests: String(counts.tests), failures: String(failures), errors: String(errors), skipped: '0' })}>`,
    `    <properties>`,
    `      ${element('property', { name: 'preflight.version', value: version })}`,
    `      ${element('property', { name: 'preflight.status', value: suite.status })}`,
    `    </properties>`,
    ...cases.map((c) => `    ${c}`),
    `    ${element('system-out', {}, suite.summary)}`,
    `  </testsuite>`,
  ];
  return { counts, lines };
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
