import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeJunit } from '../deliver.ts';
import type { Report } from '../report.ts';

const schema = new URL('../../../../test/fixtures/junit/junit.xsd', import.meta.url).pathname;

function xpath(path: string, expression: string): string {
  const r = spawnSync('xmllint', ['--xpath', expression, path], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.replace(/\n$/, '');
}

test('text XML cannot carry (terminal colours, control bytes, a cut surrogate) still gives a valid file', () => {
  // A command's output quoted in a finding can hold all of these; XML 1.0 forbids them even escaped.
  const message = 'psql failed: \u001b[31mERROR\u001b[0m near \u0001\u0008 "x" & <y> \ud83d cut';
  const report: Report = {
    check: 'migrate-direct',
    version: '0.0.0',
    status: 'fail',
    summary: 'one blocking finding',
    findings: [{ rule: 'command-failed', severity: 'error', object: 'command', message, fix: "line one\r\nline two\ttab 'q'" }],
    stats: {},
  };
  const path = join(mkdtempSync(join(tmpdir(), 'junit-unit-')), 'junit.xml');
  writeJunit(path, report);
  const lint = spawnSync('xmllint', ['--noout', '--schema', schema, path], { encoding: 'utf8' });
  expect(lint.status, lint.stderr).toBe(0);
  expect(readFileSync(path, 'utf8')).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  expect(xpath(path, 'string(//failure/@message)')).toBe('psql failed: \ufffd[31mERROR\ufffd[0m near \ufffd\ufffd "x" & <y> \ufffd cut');
  // CR LF and a tab survive (a parser would read a raw CR LF as LF).
  expect(xpath(path, 'string(//failure)')).toContain("Fix: line one\r\nline two\ttab 'q'");
});
