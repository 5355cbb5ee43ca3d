/**
 * secrets-lint: which files, which scanners (scan.ts), the checks that look at more than one file
 * (runtime values, the effective compose configuration), suppression, and the report. Values are
 * registered for redaction by the scanners at first sight; nothing here holds a value in a message.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, resolve, sep } from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { UsageError, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import type { SecretsLintInputs } from './definition.ts';
import { candidates, loadFile, newStats, type Loaded } from './files.ts';
import { addedLines, gitPrefix, gitTopLevel, listFiles, stagedContent } from './git.ts';
import type { Hit, ScanOptions } from './hit.ts';
import { classify, isEnvTemplate, needsParser } from './classify.ts';
import { fingerprint, readBaseline, writeBaseline } from './suppress.ts';
import { checkRuntime, type RuntimeSecret } from './scanners/runtime.ts';
import { ruleIds } from './rules.ts';
import { parseEnvSafely } from './scanners/env.ts';
import { checkEffective } from './scanners/effective.ts';
import { collectRegisteredValues, registerValue } from './value.ts';
import { scanFiles, type FileRef, type RepoContext, type ScanTotals } from './scan.ts';
import { claimBatches, ScanThreads, type WorkerJob, type WorkerResult } from './parallel.ts';
import { ownsRepoWideChecks, shareFiles, shareStats, shareSummary } from './shard.ts';

export { scanFile, type RepoContext, type ScannedFile } from './scan.ts';

function resolveRoot(inputs: SecretsLintInputs, ctx: CheckContext): { root: string; inGit: boolean } {
  const given = inputs.path?.trim();
  const cwd = process.cwd();
  const root = given ? (isAbsolute(given) ? given : resolve(cwd, given)) : (gitTopLevel(cwd) ?? cwd);
  const label = ctx.source === 'cli' ? '--path' : 'input path';
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${label} ${given} is not a directory; give the repository (or a folder of it) to scan.`);
  return { root, inGit: gitTopLevel(root) !== undefined };
}

export async function lintSecrets(inputs: SecretsLintInputs, ctx: CheckContext): Promise<CheckResult> {
  const { root, inGit } = resolveRoot(inputs, ctx);
  const opts: ScanOptions = { minLength: inputs['min-length'], listVars: inputs['list-vars'], listFormat: inputs['list-format'] as 'csv' | 'json' };
  const walk = newStats();
  const runtime: RuntimeSecret[] = readRuntime(inputs['check-env']);
  if (inputs['env-file'].length && !inputs['compose-file'].length) {
    throw new UsageError(`${ctx.source === 'cli' ? '--env-file' : 'input env-file'} only means something with the compose files of the deployment; add --compose-file (repeatable, in -f order).`);
  }

  const diffMode = inputs.staged ? { staged: true as const } : inputs.since ? { since: inputs.since } : undefined;
  let added: Map<string, Set<number>> | undefined;
  let refs: FileRef[];
  const under = inDir(root);
  let load: (ref: FileRef) => Loaded | undefined = (ref) => loadFile(under + ref.path);
  const listing = inGit ? listFiles(root) : undefined;
  const trackedList = listing?.tracked;
  const threads = new ScanThreads(import.meta.url);
  if (diffMode) {
    if (!inGit) throw new UsageError(`${inputs.staged ? '--staged' : '--since'} needs a git repository, and ${root} is not in one.`);
    added = addedLines(root, diffMode);
    const tracked = new Set(trackedList);
    const { excluder } = await import('./glob.ts');
    const excluded = excluder(inputs.exclude);
    refs = [...added].filter(([path, lines]) => lines.size > 0 && !excluded(path)).map(([path]) => ({ path, tracked: inputs.staged ? true : tracked.has(path) }));
    // The commit holds the staged content, not the work tree's.
    if (inputs.staged) load = (ref) => stagedContent(root, ref.path);
  } else {
    refs = candidates(root, inGit, inputs.exclude, walk, listing, (count) => threads.startFor(count));
  }
  const repoPrefix = inGit ? gitPrefix(root) : '';
  const share = shareFiles(refs, inputs.shard, repoPrefix);
  const listedRefs = refs;
  refs = share.refs;
  // In --staged / --since mode only what the change adds counts.
  const inChange = (h: Hit) => !added || !h.file || (added.get(h.file)?.has(h.line) ?? false);
  let totals: ScanTotals;
  let repo: RepoContext;
  try {
    repo = await repoContext(root, trackedList ?? listedRefs.map((r) => r.path), refs);
    if (threads.count > 0) {
      // Compose, .env and other YAML files stay on this thread, which has their parsers loaded already,
      // unless they are so many (a repository of manifests) that workers had better load the parsers too.
      let mainOnly = refs.filter((r) => needsParser(r.path));
      let shared = refs.filter((r) => !needsParser(r.path));
      const job: Omit<WorkerJob, 'paths' | 'tracked' | 'next'> = { root, opts, runtime };
      if (mainOnly.length * 4 > refs.length) {
        [mainOnly, shared] = [[], refs];
        job.parsers = { compose: Boolean(repo.compose), yaml: Boolean(repo.yaml), tracked: [...repo.tracked], templates: [...repo.templates].map(([d, n]) => [d, [...n]]) };
      }
      totals = await threads.scan(
        job,
        refs,
        () => scanFiles(mainOnly, load, opts, repo, runtime),
        shared,
        (all, from, to) => scanFiles(all.slice(from, to), load, opts, repo, runtime),
      );
    } else totals = scanFiles(refs, load, opts, repo, runtime, inChange);
  } finally {
    await threads.stop();
  }
  const workers = threads.count;
  // A shard of a list that is not empty may hold no file; the other shards have them all.
  if (!diffMode && totals.scanned === 0 && !(share.shard && share.shard.total > 0)) {
    throw new UsageError(`No file to scan under ${root}${inputs.exclude.length ? ' after --exclude' : ''}: nothing was checked; point --path at the repository.`);
  }

  const hits = totals.hits;
  const repoWide = ownsRepoWideChecks(share);
  if (repoWide) hits.push(...checkRuntime(runtime, opts));
  if (inputs['compose-file'].length && repoWide) {
    const api = repo.compose ?? (await import('@preflight/compose'));
    // The shell compose runs in: the check-env variables that are set (the deploy's own secrets), nothing else of this job's.
    const env = Object.fromEntries(runtime.filter((r) => r.value !== undefined).map((r) => [r.name, r.value]));
    const cwd = process.cwd();
    hits.push(...checkEffective(api, { files: inputs['compose-file'].map((f) => resolve(cwd, f)), envFiles: inputs['env-file'].map((f) => resolve(cwd, f)), root, env }, opts).filter(inChange));
  }

  const baseline = inputs.baseline ? readBaseline(inputs.baseline) : undefined;
  const kept: Hit[] = [];
  let baselined = 0;
  for (const h of hits) {
    if (!ruleIds.has(h.rule)) throw new Error(`secrets-lint emitted an undocumented rule ${h.rule}`);
    if (baseline?.has(fingerprint(h))) {
      baselined++;
      continue;
    }
    kept.push(h);
  }
  if (inputs['write-baseline']) writeBaseline(inputs['write-baseline'], kept);

  // Annotations and SARIF want paths from the repository root; messages keep the --path-relative name.
  const prefix = repoPrefix;
  const findings: Finding[] = kept.map((h) => ({
    rule: h.rule,
    severity: h.severity,
    object: h.object,
    message: h.message,
    ...(h.file ? { file: isAbsolute(h.file) ? h.file : prefix + h.file, line: h.line } : {}),
    ...(h.fix ? { fix: h.fix } : {}),
  }));
  const ownSummary =
    diffMode && totals.scanned === 0
      ? `${inputs.staged ? 'the staged change' : `the change since ${inputs.since}`} adds no lines to scan (deletions only): nothing new can hold a secret`
      : undefined;
  const summary = shareSummary(share, ownSummary, findings);
  ctx.log.debug(`secrets-lint scanned ${totals.scanned} files (${totals.bytes} bytes) under ${root} on ${workers + 1} thread(s)`);
  return {
    findings,
    ...(summary ? { summary } : {}),
    stats: {
      ...shareStats(share),
      filesScanned: totals.scanned,
      bytesScanned: totals.bytes,
      threads: workers + 1,
      skippedExcluded: walk.skippedExcluded,
      skippedSymlink: totals.skippedSymlink,
      skippedBinary: totals.skippedBinary,
      skippedHuge: totals.skippedHuge,
      suppressedInline: totals.suppressedInline,
      suppressedBaseline: baselined,
      ...(inputs['check-env'].length ? { runtimeChecked: runtime.length } : {}),
    },
  };
}

async function repoContext(root: string, tracked: readonly string[], refs: readonly FileRef[]): Promise<RepoContext> {
  // Which parsers the files need; the look stops once both are known to be needed.
  let needCompose = false;
  let needYaml = false;
  for (const r of refs) {
    const k = classify(r.path);
    needCompose ||= k.compose || k.env;
    // Any other YAML may be a Kubernetes Secret; the yaml package loads only then.
    needYaml ||= k.yaml && !k.compose;
    if (needCompose && needYaml) break;
  }
  const compose = needCompose ? await import('@preflight/compose') : undefined;
  const yaml = needYaml ? await import('./yaml-api.ts') : undefined;
  const templates = new Map<string, Set<string>>();
  if (compose) {
    // .env.example (or .sample/.template) next to a compose file says what a deployment must set.
    // Read from disk so --staged / --since see them even when the change does not touch them.
    const maybeTemplates = new Set<string>();
    for (const path of tracked) if (path.includes('.env.')) maybeTemplates.add(path);
    for (const r of refs) if (r.path.includes('.env.')) maybeTemplates.add(r.path);
    for (const path of maybeTemplates) {
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (!/^\.env\./.test(base) || !isEnvTemplate(path)) continue;
      const text = readIfSmall(join(root, path));
      if (!text) continue;
      const parsed = parseEnvSafely(compose, path, text.toString('utf8'));
      if ('error' in parsed) continue;
      const dir = posix.dirname(path);
      const names = templates.get(dir) ?? new Set<string>();
      for (const e of parsed.entries) names.add(e.name);
      templates.set(dir, names);
    }
  }
  return { compose, yaml, tracked: new Set(tracked), templates };
}

/** `root` with a trailing separator: listed paths are relative and normalized, so joining is concatenation (path.join would normalize each of them again). */
function inDir(root: string): string {
  return root.endsWith(sep) ? root : root + sep;
}

function readIfSmall(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function readRuntime(names: readonly string[]): RuntimeSecret[] {
  return names.map((name) => {
    const value = process.env[name];
    // Registered before anything can print: the runtime value is the real secret.
    if (value) registerValue(value);
    return { name, value: value === undefined || value === '' ? undefined : value };
  });
}

// A worker thread of parallel.ts loads this module as its entry: it waits for the list, then claims
// batches of it until none is left, and hands back their findings and the values it registered.
if (!isMainThread && (workerData as { secretsLintWorker?: boolean } | undefined)?.secretsLintWorker) {
  parentPort!.once('message', async (job: WorkerJob) => {
    const values: string[] = [];
    collectRegisteredValues(values);
    // Without job.parsers its files need no parser and no repository context: compose, YAML and .env files are the main thread's.
    const p = job.parsers;
    const repo: RepoContext = {
      compose: p?.compose ? await import('@preflight/compose') : undefined,
      yaml: p?.yaml ? await import('./yaml-api.ts') : undefined,
      tracked: new Set(p?.tracked),
      templates: new Map(p?.templates.map(([d, n]) => [d, new Set(n)])),
    };
    const refs: FileRef[] = job.paths.map((path, i) => ({ path, tracked: job.tracked[i] === 1 }));
    const under = inDir(job.root);
    const batches = claimBatches(new Int32Array(job.next), refs.length, (from, to) =>
      scanFiles(refs.slice(from, to), (r) => loadFile(under + r.path), job.opts, repo, job.runtime),
    );
    parentPort!.postMessage({ batches, values } satisfies WorkerResult);
  });
}
