/**
 * secrets-lint against secretlint (the anchor) and `grep -rEoI` (the floor) on one generated repo.
 *
 *   npx tsx bench/secrets-lint.ts [--files 20000] [--mb 270] [--runs 3] [--skip-secretlint] [--before-cli OLD/dist/cli/index.js] [--reuse-tree]
 *
 * The generator writes ~N files / ~MB megabytes of code, docs, YAML and env files with planted
 * secrets and decoys, and keeps the ground truth (file:line of every planted secret, by kind). Each
 * tool scans the same tree; throughput is MB of text per second of wall time, peak RSS from GNU
 * time. Recall: provider tokens for both tools (a planted token counts as found when the tool
 * reports its file and line), the compose/env/code shapes for ours; precision for ours (a
 * finding on a decoy or on filler is a false positive).
 *
 * The machine is shared, so every tool runs once per run, interleaved (the first tool rotates), and
 * the figures are medians over runs; the throughput ratio is taken within each run, then the median.
 * --before-cli puts an older build in the same rotation. Findings must not change with speed: the
 * bench compares our report's findings with the digest recorded in bench/secrets-lint-expected.json
 * (default tree only) and with the older build's, and says so.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { benchDir, repoRoot } from './lib/anchor.ts';
import { ensureGnuTime, fmt, measure, median, type Measured } from './lib/measure.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const FILES = opt('files', 20000);
// The filler's size estimate runs low: 270 gives a ~200 MB tree.
const MB = opt('mb', 270);
const RUNS = opt('runs', 3);
const skipSecretlint = args.includes('--skip-secretlint');
const reuseTree = args.includes('--reuse-tree');
const beforeAt = args.indexOf('--before-cli');
const beforeCli = beforeAt >= 0 ? args[beforeAt + 1] : undefined;
const expectedFile = join(benchDir, 'secrets-lint-expected.json');
const out = join(benchDir, 'out');
// Outside this repository: inside it, bench/out/ is git-ignored and secrets-lint (rightly) scans nothing there.
// One tree per checkout: two worktrees benching at once must not generate into each other's tree.
const tree = join(tmpdir(), `preflight-bench-secrets-repo-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 8)}`);

// A deterministic PRNG, so every run plants the same secrets at the same places.
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

type Kind = 'token' | 'shape';
interface Truth {
  file: string;
  line: number;
  kind: Kind;
  what: string;
}

const tokenMakers: Array<[string, () => string]> = [
  ['aws-id', () => 'AKIA' + chars(UP, 16)],
  ['github', () => 'ghp_' + chars(AN, 36)],
  ['github-fine', () => 'github_pat_' + chars(AN, 22) + '_' + chars(AN, 59)],
  ['gitlab', () => 'glpat-' + chars(AN, 20)],
  ['slack', () => 'xoxb-' + chars('0123456789', 11) + '-' + chars('0123456789', 12) + '-' + chars(AN, 24)],
  ['stripe', () => 'sk_live_' + chars(AN, 24)],
  ['google', () => 'AIza' + chars(AN, 35)],
];
const decoys = ['AKIAIOSFODNN7EXAMPLE', 'ghp_short', 'sk_test_' + 'x'.repeat(24), 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'password: ${DB_PASSWORD}'];
const shapeMakers: Array<[string, string, (v: string) => string]> = [
  ['compose-fallback', 'docker-compose.yml', (v) => `      SECRET_KEY: \${SECRET_KEY:-${v}}`],
  ['env-short', '.env', (v) => `JWT_SECRET=${v}`],
  ['py-fallback', 'settings.py', (v) => `SECRET_KEY = os.getenv("SECRET_KEY", "${v}")`],
  ['js-fallback', 'config.ts', (v) => `const jwt = process.env.JWT_SECRET || "${v}";`],
  ['url-password', 'db.yml', (v) => `url: postgres://app:${v}@db.internal:5432/app`],
];

function filler(ext: string, lines: number): string[] {
  const words = ['user', 'order', 'total', 'invoice', 'amount', 'status', 'created_at', 'items', 'price', 'customer', 'session', 'cache', 'result', 'value', 'index'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const a = pick(words);
    const b = pick(words);
    if (ext === 'py') out.push(`    ${a}_${b} = compute_${a}(${b}, limit=${Math.floor(rnd() * 1000)})  # ${b} for ${a}`);
    else if (ext === 'ts') out.push(`  const ${a}${b.replace(/_/g, '')} = await fetch${a}(${b}, { limit: ${Math.floor(rnd() * 1000)} });`);
    else if (ext === 'md') out.push(`The ${a} and the ${b} are computed per request; see section ${Math.floor(rnd() * 90)} for the ${a} rules.`);
    else if (ext === 'yml') out.push(`  ${a}_${b}: ${Math.floor(rnd() * 1000)}`);
    else out.push(`${a} ${b} ${chars('abcdef0123456789', 12)} ${Math.floor(rnd() * 1e6)}`);
  }
  return out;
}

function generate(): Truth[] {
  rmSync(tree, { recursive: true, force: true });
  const truth: Truth[] = [];
  const bytesPerFile = (MB * 1024 * 1024) / FILES;
  const exts = ['py', 'ts', 'md', 'yml', 'txt'];
  for (let f = 0; f < FILES; f++) {
    const ext = exts[f % exts.length]!;
    const dir = `pkg${f % 200}/mod${Math.floor(f / 200) % 20}`;
    let name = `${dir}/file${f}.${ext}`;
    let lines = filler(ext, Math.max(5, Math.round(bytesPerFile / 85)));
    if (f % 97 === 0) {
      // A provider token on a random line.
      const [what, make] = pick(tokenMakers);
      const at = Math.floor(rnd() * lines.length);
      lines[at] = `token = "${make()}"`;
      truth.push({ file: name, line: at + 1, kind: 'token', what });
    } else if (f % 89 === 0) {
      const at = Math.floor(rnd() * lines.length);
      lines[at] = pick(decoys);
    } else if (f % 151 === 0) {
      const [what, base, make] = pick(shapeMakers);
      name = `${dir}/${f}/${base}`;
      const value = what === 'env-short' || what === 'url-password' ? chars(AN, 12) : `dev-secret-${chars('abcdefghij', 8)}`;
      if (base === 'docker-compose.yml') lines = ['services:', '  web:', '    image: app', '    environment:', make(value), ''];
      else if (base === '.env') lines = ['DEBUG=false', make(value), ''];
      else if (base === 'db.yml') lines = ['db:', make(value), ''];
      else {
        lines = ['import os', ...lines.slice(0, 20)];
        lines.splice(1, 0, make(value));
      }
      const line = lines.findIndex((l) => l.includes(value)) + 1;
      truth.push({ file: name, line, kind: 'shape', what });
    }
    const path = join(tree, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, lines.join('\n') + '\n');
  }
  return truth;
}

function duBytes(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]);
}

function recall(truth: Truth[], found: Set<string>, kind: Kind): string {
  const t = truth.filter((x) => x.kind === kind);
  const hit = t.filter((x) => found.has(`${x.file}:${x.line}`)).length;
  return `${hit}/${t.length} (${fmt((100 * hit) / Math.max(1, t.length), 1)}%)`;
}

type Finding = { rule: string; file?: string; line?: number };

/** A digest of the report's findings (already in the report's deterministic order). */
function digest(findings: Finding[]): string {
  return createHash('sha256').update(JSON.stringify(findings)).digest('hex');
}

interface Tool {
  name: string;
  run: () => Promise<Measured>;
  /** Reads what this run found: file:line keys, and our findings for the digest. */
  found: (m: Measured) => { keys: Set<string>; findings?: Finding[] };
}

const load = () => loadavg()[0]!.toFixed(1);

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  if (!existsSync(join(repoRoot, 'dist/cli/index.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  ensureGnuTime();
  const t0 = performance.now();
  const truthFile = join(out, 'secrets-truth.json');
  let truth: Truth[];
  if (reuseTree && existsSync(truthFile) && existsSync(tree)) {
    truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth[];
    console.error(`bench: reusing the tree at ${tree}`);
  } else {
    truth = generate();
    writeFileSync(truthFile, JSON.stringify(truth, null, 1));
  }
  const bytes = duBytes(tree);
  const mb = bytes / 1024 / 1024;
  console.error(`bench: ${FILES} files, ${fmt(mb, 1)} MB, ${truth.length} planted secrets, ready in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  const truthKeys = new Set(truth.map((t) => `${t.file}:${t.line}`));

  const ours = (name: string, cli: string, report: string): Tool => ({
    name,
    run: () => measure(process.execPath, [cli, 'secrets-lint', '--path', tree, '--report', report], { timeoutMs: 600_000 }),
    found: () => {
      const findings = (JSON.parse(readFileSync(report, 'utf8')) as { findings: Finding[] }).findings;
      return { keys: new Set(findings.filter((f) => f.file).map((f) => `${f.file}:${f.line}`)), findings };
    },
  });
  const tools: Tool[] = [ours('secrets-lint', join(repoRoot, 'dist/cli/index.js'), join(out, 'secrets-lint-report.json'))];
  if (beforeCli) tools.push(ours('secrets-lint before', beforeCli, join(out, 'secrets-lint-report-before.json')));
  if (!skipSecretlint) {
    const bin = join(benchDir, 'anchor-secretlint/node_modules/.bin/secretlint');
    if (!existsSync(bin)) spawnSync('npm', [existsSync(join(benchDir, 'anchor-secretlint/package-lock.json')) ? 'ci' : 'install', '--prefix', join(benchDir, 'anchor-secretlint'), '--no-workspaces', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
    const rc = join(out, 'secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    tools.push({
      name: 'secretlint 13 (preset-recommend)',
      run: () => measure(bin, ['**/*', '--secretlintrc', rc, '--format', 'json', '--no-maskSecrets'], { cwd: tree, timeoutMs: 1_200_000 }),
      found: (m) => {
        try {
          const results = JSON.parse(m.stdout) as Array<{ filePath: string; messages: Array<{ loc: { start: { line: number } } }> }>;
          return { keys: new Set(results.flatMap((r) => r.messages.map((x) => `${r.filePath.replace(tree + '/', '')}:${x.loc.start.line}`))) };
        } catch {
          console.error(`bench: could not read secretlint's JSON (exit ${m.code}): ${m.stderr.slice(0, 300)}`);
          return { keys: new Set() };
        }
      },
    });
  }
  const pattern = 'AKIA[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|glpat-[A-Za-z0-9_-]{20}|xox[baprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{35}';
  tools.push({ name: 'grep -rEoI (token shapes, floor)', run: () => measure('grep', ['-rEoI', pattern, tree], { timeoutMs: 600_000 }), found: () => ({ keys: new Set() }) });

  // runs[r][t]: tool t in run r; the first tool rotates so none always runs right after generation or another's cache warm-up.
  const runs: Array<Array<{ m: Measured; keys: Set<string>; findings?: Finding[] }>> = [];
  const loads: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const row: Array<{ m: Measured; keys: Set<string>; findings?: Finding[] }> = new Array(tools.length);
    const before = load();
    for (let k = 0; k < tools.length; k++) {
      const t = (r + k) % tools.length;
      const m = await tools[t]!.run();
      row[t] = { m, ...tools[t]!.found(m) };
      console.error(`bench: run ${r + 1}/${RUNS} ${tools[t]!.name}: ${fmt(m.seconds, 2)} s, CPU ${fmt(m.cpuSeconds, 2)} s, exit ${m.code}, load ${load()}`);
    }
    loads.push(`${before}–${load()}`);
    runs.push(row);
  }

  const recordedDigest = existsSync(expectedFile) ? (JSON.parse(readFileSync(expectedFile, 'utf8')) as { files: number; mb: number; findings: number; sha256: string }) : undefined;
  const defaultTree = FILES === 20000 && MB === 270;
  const rows: string[] = [];
  const notes: string[] = [];
  tools.forEach((tool, t) => {
    const ms = runs.map((row) => row[t]!);
    const secs = median(ms.map((x) => x.m.seconds));
    const cpu = ms.every((x) => x.m.cpuSeconds !== undefined) ? median(ms.map((x) => x.m.cpuSeconds!)) : undefined;
    const rss = Math.max(...ms.map((x) => x.m.peakRssMB ?? 0));
    const last = ms[ms.length - 1]!;
    const isOurs = last.findings !== undefined;
    const isGrep = tool.name.startsWith('grep');
    const tp = [...last.keys].filter((k) => truthKeys.has(k)).length;
    const recallTokens = isGrep ? '–' : recall(truth, last.keys, 'token');
    const recallShapes = isOurs ? recall(truth, last.keys, 'shape') : '–' + (isGrep ? '' : ' (not its job)');
    const precision = isOurs ? `${fmt((100 * tp) / Math.max(1, last.keys.size), 1)}% (${tp}/${last.keys.size})` : '–';
    rows.push(`| ${tool.name} | ${fmt(secs, 2)} | ${fmt(cpu, 2)} | ${fmt(mb / secs, 1)} | ${fmt(rss, 0)} | ${recallTokens} | ${recallShapes} | ${precision} | exit ${[...new Set(ms.map((x) => x.m.code))].join('/')} |`);
    if (isOurs) {
      const digests = [...new Set(ms.map((x) => digest(x.findings!)))];
      notes.push(`${tool.name}: ${last.findings!.length} findings, ${digests.length === 1 ? 'the same in every run' : `**${digests.length} different finding lists over the runs**`} (sha256 ${digests[0]!.slice(0, 16)}).`);
    }
  });
  const ourDigest = digest(runs[runs.length - 1]![0]!.findings!);
  if (defaultTree && recordedDigest) {
    notes.push(recordedDigest.sha256 === ourDigest ? `Findings identical to the recorded list (bench/secrets-lint-expected.json, ${recordedDigest.findings} findings): yes.` : `**Findings differ from the recorded list** (bench/secrets-lint-expected.json: ${recordedDigest.findings} findings, sha256 ${recordedDigest.sha256.slice(0, 16)}).`);
  } else if (defaultTree && !recordedDigest) {
    writeFileSync(expectedFile, JSON.stringify({ files: FILES, mb: MB, findings: runs[0]![0]!.findings!.length, sha256: ourDigest }, null, 2) + '\n');
    notes.push(`Recorded the findings' digest in bench/secrets-lint-expected.json.`);
  }
  if (beforeCli) {
    const same = digest(runs[runs.length - 1]![1]!.findings!) === ourDigest;
    notes.push(same ? 'Findings identical to the older build\'s: yes.' : '**Findings differ from the older build\'s.**');
  }
  const ratioOf = (t: number) => runs.map((row) => row[t]!.m.seconds / row[0]!.m.seconds);
  const ratioLine = (t: number, what: string) => `secrets-lint / ${what}: per run ${ratioOf(t).map((x) => fmt(x, 2) + 'x').join(', ')}; **median ${fmt(median(ratioOf(t)), 2)}x**`;
  const slIndex = tools.findIndex((t) => t.name.startsWith('secretlint'));
  const grepIndex = tools.length - 1;
  // On a machine shared with other sessions, wall time mostly measures the scheduler; CPU seconds per MB are the steadier figure.
  const cpuRatioOf = (t: number) => runs.map((row) => (row[t]!.m.cpuSeconds ?? NaN) / (row[0]!.m.cpuSeconds ?? NaN));
  const ratios = [
    ...(slIndex >= 0 ? [ratioLine(slIndex, 'secretlint throughput') + ' (target >= 10x).'] : []),
    ...(slIndex >= 0 ? [`secrets-lint / secretlint in CPU seconds (user + system, all threads): per run ${cpuRatioOf(slIndex).map((x) => fmt(x, 2) + 'x').join(', ')}; median ${fmt(median(cpuRatioOf(slIndex)), 2)}x.`] : []),
    ...(beforeCli ? [ratioLine(1, 'the older build') + '.'] : []),
    ratioLine(grepIndex, 'grep throughput (the floor)') + '.',
  ];

  // A pre-commit run: one staged file, start-up included, median of 5; and a commit that only deletes.
  const hook = join(tmpdir(), 'preflight-bench-secrets-hook');
  rmSync(hook, { recursive: true, force: true });
  mkdirSync(hook, { recursive: true });
  const git = (...a: string[]) => spawnSync('git', a, { cwd: hook, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  git('init', '-q');
  writeFileSync(join(hook, 'old.py'), 'x = 1\n');
  git('add', '-A');
  git('commit', '-qm', 'init');
  writeFileSync(join(hook, 'app.py'), 'import os\nK = os.getenv("SECRET_KEY", "dev-secret-change-in-production")\n');
  git('add', 'app.py');
  const hookRuns: number[] = [];
  let hookCode: number | null = null;
  for (let i = 0; i < 6; i++) {
    const m = await measure(process.execPath, [join(repoRoot, 'dist/cli/index.js'), 'secrets-lint', '--staged'], { cwd: hook });
    if (i > 0) hookRuns.push(m.seconds);
    hookCode = m.code;
  }
  git('reset', '-q');
  git('rm', '-q', 'old.py');
  const deletion = await measure(process.execPath, [join(repoRoot, 'dist/cli/index.js'), 'secrets-lint', '--staged'], { cwd: hook });
  hookRuns.sort((a, b) => a - b);
  const hookLine = `Pre-commit (\`secrets-lint --staged\`, one staged file, start-up included): median ${fmt(hookRuns[Math.floor(hookRuns.length / 2)]! * 1000, 0)} ms over ${hookRuns.length} runs (exit ${hookCode}); a commit that only deletes a file: exit ${deletion.code} in ${fmt(deletion.seconds * 1000, 0)} ms.`;

  const lines = [
    `## secrets-lint (${new Date().toISOString().slice(0, 16).replace('T', ' ')}, node ${process.version}, ${cpus().length} cores, ${RUNS} runs, load average per run ${loads.join(', ')})`,
    '',
    `Generated tree: ${FILES} files, ${fmt(mb, 1)} MB, ${truth.filter((t) => t.kind === 'token').length} provider tokens and ${truth.filter((t) => t.kind === 'shape').length} compose/env/code shapes planted, decoys in every 89th file. Same tree for every tool; the tools interleaved in each run; medians over the runs.`,
    '',
    '| tool | seconds | CPU s | MB/s | peak RSS MB | recall: provider tokens | recall: compose/env/code | precision | |',
    '|---|---:|---:|---:|---:|---|---|---|---|',
    ...rows,
    '',
    ...ratios,
    ...notes,
    hookLine,
  ];
  const text = lines.join('\n') + '\n';
  writeFileSync(join(out, 'secrets-lint.md'), text);
  const { resultRow, verdict, writeResultRows } = await import('./lib/results.ts');
  // Medians over the interleaved runs: tool 0 is ours, the ratio is ours / secretlint in time.
  if (slIndex >= 0) {
    const oursSeconds = median(runs.map((row) => row[0]!.m.seconds));
    const slSeconds = median(runs.map((row) => row[slIndex]!.m.seconds));
    writeResultRows('secrets-lint', [resultRow({ check: 'secrets-lint', anchor: 'secretlint 13 (preset-recommend)', input: `${FILES} files, ${fmt(mb, 0)} MB`, ours_s: oursSeconds, anchor_s: slSeconds, ratio: 1 / median(ratioOf(slIndex)), target: '≤ 0.10x (10x the throughput)', verdict: verdict(median(ratioOf(slIndex)) >= 10) })]);
  }
  console.log(text);
}

await main();
