/**
 * secrets-lint: which files, which scanners, suppression, and the report. Values are registered
 * for redaction by the scanners at first sight; nothing here ever holds a value in a message.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import type { SecretsLintInputs } from './definition.ts';
import { candidates, decodeText, MAX_FILE_BYTES, newStats, type SourceFile } from './files.ts';
import { addedLines, gitTopLevel, listFiles, stagedContent } from './git.ts';
import { Lines, type Hit, type ScanOptions } from './hit.ts';
import { classify } from './classify.ts';
import { fingerprint, ignoredInline, readBaseline, writeBaseline } from './suppress.ts';
import { scanTokens } from './scanners/tokens.ts';
import { scanUrls } from './scanners/urls.ts';
import { scanCode } from './scanners/code.ts';
import { scanDocs } from './scanners/docs.ts';
import { checkRuntime, type RuntimeSecret } from './scanners/runtime.ts';
import { ruleIds } from './rules.ts';
import { scanEnvFile, parseEnvSafely } from './scanners/env.ts';
import { scanCompose, type ComposeScanContext } from './scanners/compose.ts';
import { isEnvTemplate } from './classify.ts';
import { checkEffective } from './scanners/effective.ts';
import { scanDockerfile, scanKubernetesSecret, scanTfvars, scanWorkflow } from './scanners/infra.ts';
import { posix } from 'node:path';
import { registerValue } from './value.ts';

export interface ScannedFile {
  path: string;
  tracked: boolean;
  text: string;
  lines: Lines;
}

type ComposeApi = typeof import('@preflight/compose');

export interface RepoContext extends ComposeScanContext {
  /** Loaded only when a compose or env file is among the files (YAML stays off the start-up path). */
  compose?: ComposeApi;
  yaml?: typeof import('yaml');
}

/** Every scanner that reads one file on its own. */
export function scanFile(f: ScannedFile, opts: ScanOptions, repo: RepoContext): Hit[] {
  const kinds = classify(f.path);
  const hits: Hit[] = [];
  if (kinds.env && f.tracked && repo.compose) hits.push(...scanEnvFile(repo.compose, f.path, f.text, opts));
  if (kinds.compose && repo.compose) hits.push(...scanCompose(repo.compose, f.path, f.text, opts, repo));
  hits.push(...scanTokens(f.path, f.text, f.lines));
  hits.push(...scanUrls(f.path, f.text, { minLength: opts.minLength, docs: kinds.docs }, f.lines));
  if (kinds.dockerfile) hits.push(...scanDockerfile(f.path, f.text, opts, f.lines));
  if (kinds.tfvars) hits.push(...scanTfvars(f.path, f.text, opts, f.lines));
  if (kinds.workflow && repo.yaml) hits.push(...scanWorkflow(repo.yaml, f.path, f.text, opts));
  else if (kinds.yaml && !kinds.compose && repo.yaml) hits.push(...scanKubernetesSecret(repo.yaml, f.path, f.text, opts));
  if (kinds.code) hits.push(...scanCode(f.path, f.text, opts, f.lines));
  if (kinds.docs) hits.push(...scanDocs(f.path, f.text, opts, f.lines));
  return hits;
}

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
  const stats = newStats();
  const runtime: RuntimeSecret[] = readRuntime(inputs['check-env']);
  const hits: Hit[] = [];
  const texts = new Map<string, Lines>();
  let files: ScannedFile[] = [];
  let bytes = 0;

  const diffMode = inputs.staged ? { staged: true as const } : inputs.since ? { since: inputs.since } : undefined;
  let added: Map<string, Set<number>> | undefined;
  if (diffMode) {
    if (!inGit) throw new UsageError(`${inputs.staged ? '--staged' : '--since'} needs a git repository, and ${root} is not in one.`);
    added = addedLines(root, diffMode);
    const tracked = new Set(listFiles(root).tracked);
    for (const [path, lines] of added) {
      if (lines.size === 0) continue;
      const buf = inputs.staged ? stagedContent(root, path) : readIfSmall(join(root, path));
      if (!buf) continue;
      if (buf.length > MAX_FILE_BYTES) {
        stats.skippedHuge++;
        continue;
      }
      const text = decodeText(buf);
      if (text === undefined) {
        stats.skippedBinary++;
        continue;
      }
      files.push({ path, tracked: inputs.staged ? true : tracked.has(path), text, lines: new Lines(text) });
    }
  } else {
    const list: SourceFile[] = candidates(root, inGit, inputs.exclude, stats);
    for (const f of list) {
      const text = decodeText(readFileSync(join(root, f.path)));
      if (text === undefined) {
        stats.skippedBinary++;
        continue;
      }
      files.push({ ...f, text, lines: new Lines(text) });
    }
    if (files.length === 0) {
      throw new UsageError(`No file to scan under ${root}${inputs.exclude.length ? ' after --exclude' : ''}: nothing was checked; point --path at the repository.`);
    }
  }
  if (diffMode && inputs.exclude.length) {
    const { excluder } = await import('./glob.ts');
    const ex = excluder(inputs.exclude);
    files = files.filter((f) => !ex(f.path));
  }

  const repo = await repoContext(root, inGit, files);
  for (const f of files) {
    bytes += Buffer.byteLength(f.text);
    texts.set(f.path, f.lines);
    hits.push(...scanFile(f, opts, repo));
  }
  hits.push(...checkRuntime(runtime, files, opts));
  if (inputs['compose-file'].length) {
    const api = repo.compose ?? (await import('@preflight/compose'));
    // The shell compose runs in: the check-env variables that are set (the deploy's own secrets), nothing else of this job's.
    const env = Object.fromEntries(runtime.filter((r) => r.value !== undefined).map((r) => [r.name, r.value]));
    const cwd = process.cwd();
    hits.push(...checkEffective(api, { files: inputs['compose-file'].map((f) => resolve(cwd, f)), envFiles: inputs['env-file'].map((f) => resolve(cwd, f)), root, env }, opts));
  } else if (inputs['env-file'].length) {
    throw new UsageError(`${ctx.source === 'cli' ? '--env-file' : 'input env-file'} only means something with the compose files of the deployment; add --compose-file (repeatable, in -f order).`);
  }
  dedupe(hits);

  // In --staged / --since mode only what the change adds counts.
  const inChange = (h: Hit) => !added || !h.file || (added.get(h.file)?.has(h.line) ?? false);
  const baseline = inputs.baseline ? readBaseline(inputs.baseline) : undefined;
  const kept: Hit[] = [];
  let suppressed = 0;
  let baselined = 0;
  for (const h of hits) {
    if (!ruleIds.has(h.rule)) throw new Error(`secrets-lint emitted an undocumented rule ${h.rule}`);
    if (!inChange(h)) continue;
    if (h.file && ignoredInline(texts.get(h.file), h.line, h.rule)) {
      suppressed++;
      continue;
    }
    if (baseline?.has(fingerprint(h))) {
      baselined++;
      continue;
    }
    kept.push(h);
  }
  if (inputs['write-baseline']) writeBaseline(inputs['write-baseline'], kept);

  const findings: Finding[] = kept.map((h) => ({
    rule: h.rule,
    severity: h.severity,
    object: h.object,
    message: h.message,
    ...(h.file ? { file: h.file, line: h.line } : {}),
    ...(h.fix ? { fix: h.fix } : {}),
  }));
  const summary =
    diffMode && files.length === 0
      ? `${inputs.staged ? 'the staged change' : `the change since ${inputs.since}`} adds no lines to scan (deletions only): nothing new can hold a secret`
      : undefined;
  ctx.log.debug(`secrets-lint scanned ${files.length} files (${bytes} bytes) under ${root}`);
  return {
    findings,
    ...(summary ? { summary } : {}),
    stats: {
      filesScanned: files.length,
      bytesScanned: bytes,
      skippedExcluded: stats.skippedExcluded,
      skippedSymlink: stats.skippedSymlink,
      skippedBinary: stats.skippedBinary,
      skippedHuge: stats.skippedHuge,
      suppressedInline: suppressed,
      suppressedBaseline: baselined,
      ...(inputs['check-env'].length ? { runtimeChecked: runtime.length } : {}),
    },
  };
}

async function repoContext(root: string, inGit: boolean, files: readonly ScannedFile[]): Promise<RepoContext> {
  const needsCompose = files.some((f) => {
    const k = classify(f.path);
    return k.compose || k.env;
  });
  const compose = needsCompose ? await import('@preflight/compose') : undefined;
  const needsYaml = files.some((f) => {
    const k = classify(f.path);
    return k.workflow || (k.yaml && !k.compose && /^kind:\s*["']?Secret/m.test(f.text));
  });
  const yaml = needsYaml ? await import('yaml') : undefined;
  const tracked = new Set(inGit ? listFiles(root).tracked : files.map((f) => f.path));
  const templates = new Map<string, Set<string>>();
  if (compose) {
    // .env.example (or .sample/.template) next to a compose file says what a deployment must set.
    // Read from disk so --staged / --since see them even when the change does not touch them.
    const candidatesOf = new Set([...tracked, ...files.map((f) => f.path)]);
    for (const path of candidatesOf) {
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
  return { compose, yaml, tracked, templates };
}

/** One value at one place is one finding: a provider token assigned to API_TOKEN is reported as the token. */
const isProvider = (rule: string) => rule === 'provider-token' || rule === 'private-key';
function dedupe(hits: Hit[]): void {
  const key = (h: Hit) => `${h.file}\0${h.line}\0${h.valueHash}`;
  const provided = new Set(hits.filter((h) => h.file && isProvider(h.rule)).map(key));
  const out = hits.filter((h) => !h.file || h.rule.startsWith('runtime-') || isProvider(h.rule) || !provided.has(key(h)));
  hits.length = 0;
  hits.push(...out);
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
