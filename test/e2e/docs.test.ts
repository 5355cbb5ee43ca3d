/**
 * The docs users read first: every rule ID documented with why it matters, an example and the
 * fix; every check's page with every input and output; the README's commands, checks and quick
 * start. Generated tables are compared with their sources in generated.test.ts; this file checks
 * that what they are generated from is complete.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import type { RuleDoc } from '@preflight/core';
import { ruleSections } from '../../scripts/generate.ts';
import { checks } from '../../packages/cli/src/checks.ts';
import { repoRoot } from '../harness/run-bundle.ts';

/** What a rule's docs entry lacks: a kebab-case ID, a title, why it matters, an example, the fix. */
function ruleProblems(rules: readonly Partial<RuleDoc>[]): string[] {
  const problems: string[] = [];
  for (const r of rules) {
    const id = r.id ?? '(no id)';
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(r.id ?? '')) problems.push(`${id}: the ID is not kebab-case`);
    if (!['error', 'warning', 'notice'].includes(r.severity ?? '')) problems.push(`${id}: no severity`);
    for (const field of ['title', 'description', 'example', 'fix'] as const) {
      if (!(r[field] ?? '').trim()) problems.push(`${id}: no ${field === 'description' ? 'description (why it matters)' : field}`);
    }
    if (r.description && r.title && r.description.trim() === r.title.trim()) problems.push(`${id}: the description only repeats the title`);
  }
  return problems;
}

describe('docs/rules.md', () => {
  const all = ruleSections.flatMap(([, , rules]) => rules);

  test('every rule has a title, why it matters, an example and the fix', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(ruleProblems(all)).toEqual([]);
  });

  test('a rule without why, example or fix is reported', () => {
    expect(ruleProblems([{ id: 'no-fix', title: 'A rule', severity: 'error', description: 'Why.', example: 'x', fix: ' ' }, { id: 'Bad_ID', title: 'T', severity: 'error', description: '', example: '', fix: 'f' }])).toEqual([
      'no-fix: no fix',
      'Bad_ID: the ID is not kebab-case',
      'Bad_ID: no description (why it matters)',
      'Bad_ID: no example',
    ]);
  });

  test('no section lists a rule ID twice', () => {
    for (const [title, , rules] of ruleSections) {
      const ids = rules.map((r) => r.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i), title).toEqual([]);
    }
  });

  test('every rule ID the checks emit is documented', () => {
    const documented = new Set(all.map((r) => r.id));
    const sources = execFileSync('grep', ['-rhoE', "rule: '[a-z0-9-]+'", 'packages', '--include=*.ts', '--exclude=*.test.ts'], { cwd: repoRoot, encoding: 'utf8' });
    const emitted = [...new Set([...sources.matchAll(/rule: '([a-z0-9-]+)'/g)].map((m) => m[1]))];
    expect(emitted.length).toBeGreaterThan(50);
    expect(emitted.filter((id) => !documented.has(id))).toEqual([]);
  });
});

describe.each(checks.map((c) => c.name))('docs/%s.md', (name) => {
  const page = readFileSync(`${repoRoot}docs/${name}.md`, 'utf8');
  const action = parse(readFileSync(`${repoRoot}actions/${name}/action.yml`, 'utf8')) as { inputs: object; outputs: object };

  test('has every input of its action, with its flag', () => {
    for (const input of Object.keys(action.inputs)) expect(page, input).toContain(`| \`${input}\` / \`--${input}\` |`);
  });

  test('has every output of its action in its outputs table', () => {
    expect(page).toContain('<!-- GENERATED:outputs -->');
    for (const output of Object.keys(action.outputs)) expect(page, output).toMatch(new RegExp(`^\\| \`${output}\` \\|`, 'm'));
  });

  test('shows a workflow step and a CLI command', () => {
    expect(page).toContain(`uses: OWNER/preflight/actions/${name}@v1`);
    expect(page).toMatch(new RegExp(`^(npx pg-preflight|preflight) ${name} `, 'm'));
  });
});

describe('README.md', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

  test('starts with the two commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    expect(firstBlock.split('\n').filter(Boolean).map((l) => l.replace(/\s+#.*$/, ''))).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });

  test('has a row for each of the five checks, linking to its page', () => {
    for (const { name } of checks) {
      const row = readme.split('\n').find((l) => l.startsWith(`| [\`${name}\`]`) || l.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row).toContain(`(docs/${name}.md)`);
      expect(existsSync(`${repoRoot}docs/${name}.md`)).toBe(true);
    }
  });

  test('the quick start uses the gate and npx pg-preflight', () => {
    expect(readme).toMatch(/uses: OWNER\/preflight@v1/);
    expect(readme).toMatch(/npx pg-preflight schema-verify --database-url \S+ --migrations \S+/);
  });

  test('every relative link points at a file that exists', () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !existsSync(repoRoot + l))).toEqual([]);
  });
});
