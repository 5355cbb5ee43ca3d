/**
 * The per-file pipeline: read, skip binary and huge files, run every scanner that applies, drop what
 * an inline preflight-ignore silences, and let the text go. Only findings are kept, so memory stays
 * flat however large the repository is. Used by the main thread and by each worker thread alike.
 */
import { Lines, type Hit, type ScanOptions } from './hit.ts';
import { classify } from './classify.ts';
import { decodeText, MAX_FILE_BYTES, type Loaded } from './files.ts';
import { ignoredInline } from './suppress.ts';
import { scanTokens } from './scanners/tokens.ts';
import { scanUrls } from './scanners/urls.ts';
import { scanCode } from './scanners/code.ts';
import { scanDocs } from './scanners/docs.ts';
import { scanEnvFile } from './scanners/env.ts';
import { scanCompose, type ComposeScanContext } from './scanners/compose.ts';
import { scanDockerfile, scanKubernetesSecret, scanTfvars, scanWorkflow } from './scanners/infra.ts';
import { runtimeInFile, type RuntimeSecret } from './scanners/runtime.ts';

export interface ScannedFile {
  path: string;
  tracked: boolean;
  text: string;
  lines: Lines;
}

export interface FileRef {
  path: string;
  tracked: boolean;
}

type ComposeApi = typeof import('@preflight/compose');

export interface RepoContext extends ComposeScanContext {
  /** Loaded only when a compose, env or YAML file is among the files (YAML stays off the start-up path). */
  compose?: ComposeApi;
  yaml?: typeof import('./yaml-api.ts');
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

export interface ScanTotals {
  hits: Hit[];
  scanned: number;
  bytes: number;
  skippedBinary: number;
  skippedHuge: number;
  skippedSymlink: number;
  skippedMissing: number;
  suppressedInline: number;
}

export function emptyTotals(): ScanTotals {
  return { hits: [], scanned: 0, bytes: 0, skippedBinary: 0, skippedHuge: 0, skippedSymlink: 0, skippedMissing: 0, suppressedInline: 0 };
}

export function addTotals(into: ScanTotals, more: ScanTotals): void {
  into.hits.push(...more.hits);
  into.scanned += more.scanned;
  into.bytes += more.bytes;
  into.skippedBinary += more.skippedBinary;
  into.skippedHuge += more.skippedHuge;
  into.skippedSymlink += more.skippedSymlink;
  into.skippedMissing += more.skippedMissing;
  into.suppressedInline += more.suppressedInline;
}

export function scanFiles(
  refs: readonly FileRef[],
  load: (ref: FileRef) => Loaded | undefined,
  opts: ScanOptions,
  repo: RepoContext,
  runtime: readonly RuntimeSecret[],
  keep: (h: Hit) => boolean = () => true,
): ScanTotals {
  const totals = emptyTotals();
  for (const ref of refs) {
    const buf = load(ref);
    if (buf === undefined || buf === 'missing' || buf === 'other') {
      if (buf === 'missing') totals.skippedMissing++;
      continue;
    }
    if (buf === 'symlink') {
      totals.skippedSymlink++;
      continue;
    }
    if (buf === 'huge' || buf.length > MAX_FILE_BYTES) {
      totals.skippedHuge++;
      continue;
    }
    const text = decodeText(buf);
    if (text === undefined) {
      totals.skippedBinary++;
      continue;
    }
    totals.scanned++;
    totals.bytes += buf.length;
    const f: ScannedFile = { ...ref, text, lines: new Lines(text) };
    const found = scanFile(f, opts, repo);
    if (runtime.length) found.push(...runtimeInFile(runtime, f));
    for (const h of dedupe(found)) {
      if (!keep(h)) continue;
      if (ignoredInline(f.lines, h.line, h.rule)) totals.suppressedInline++;
      else totals.hits.push(h);
    }
  }
  return totals;
}

/** One value at one place is one finding: a provider token assigned to API_TOKEN is reported as the token. */
const isProvider = (rule: string) => rule === 'provider-token' || rule === 'private-key';
export function dedupe(hits: Hit[]): Hit[] {
  const key = (h: Hit) => `${h.file}\0${h.line}\0${h.valueHash}`;
  const provided = new Set(hits.filter((h) => isProvider(h.rule)).map(key));
  if (provided.size === 0) return hits;
  return hits.filter((h) => h.rule.startsWith('runtime-') || isProvider(h.rule) || !provided.has(key(h)));
}
