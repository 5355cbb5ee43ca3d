/**
 * Compose files (any `*compose*.y(a)ml`): literal values for secret-named variables in
 * `environment` (map and list forms) and `build.args` (compose-hardcoded-secret), `${X:-default}` /
 * `${X-default}` fallbacks for secret-named X (compose-secret-fallback), `env_file` pointing at a
 * tracked file, and keys compose needs without a default that `.env.example` lacks.
 * Parsed by @preflight/compose with positions.
 */
import { posix } from 'node:path';
import { isSecretName } from '@preflight/core';
import type { ComposeFileModel } from '@preflight/compose';
import { assess, describeValue, fullHash } from '../value.ts';
import type { Hit, ScanOptions } from '../hit.ts';
import { listFormatHit, unparseable } from './env.ts';

type ComposeApi = typeof import('@preflight/compose');

export function parseComposeSafely(api: ComposeApi, file: string, text: string): { model: ComposeFileModel } | { error: Hit } {
  try {
    return { model: api.parseComposeFile(file, text) };
  } catch (error) {
    if (error instanceof api.ComposeSyntaxError) return { error: unparseable(error.file, error.line ?? 1, error.message) };
    throw error;
  }
}

export interface ComposeScanContext {
  /** Tracked files, relative to the scanned directory. */
  tracked: ReadonlySet<string>;
  /** Variables listed in each `.env.example`-like template, by directory. */
  templates: ReadonlyMap<string, ReadonlySet<string>>;
}

export function scanCompose(api: ComposeApi, file: string, text: string, opts: ScanOptions, ctx: ComposeScanContext): Hit[] {
  const parsed = parseComposeSafely(api, file, text);
  if ('error' in parsed) return [parsed.error];
  const { model } = parsed;
  const hits: Hit[] = [];
  const dir = posix.dirname(file);
  const template = ctx.templates.get(dir) ?? ctx.templates.get('.');
  const reportedMissing = new Set<string>();
  for (const e of model.env) {
    const object = `${file}:${e.service}.${e.source}.${e.name}`;
    const where = `${file}:${e.at.line} ${e.service}.${e.source}.${e.name}`;
    if (e.raw !== undefined && opts.listVars.includes(e.name) && e.interpolations.length === 0) {
      const hit = listFormatHit(file, e.at.line, e.name, e.raw, opts.listFormat);
      if (hit) hits.push({ ...hit, object, message: hit.message.replace(`${e.name} in ${file}:${e.at.line}`, where) });
    }
    if (!isSecretName(e.name) || e.raw === undefined) continue;
    if (e.interpolations.length === 0) {
      if (e.raw === '') continue;
      const a = assess(e.raw, opts.minLength);
      hits.push({
        rule: 'compose-hardcoded-secret',
        severity: 'error',
        file,
        line: e.at.line,
        variable: e.name,
        valueHash: fullHash(e.raw),
        object,
        message: `${where} is a literal (${describeValue(a, opts.minLength)}): committed, and shared by every environment.`,
        fix: `${e.name}: \${${e.name}:?${e.name} is required}`,
      });
      continue;
    }
    for (const i of e.interpolations) {
      if ((i.operator !== ':-' && i.operator !== '-') || !i.default || i.default.includes('$')) continue;
      const a = assess(i.default, opts.minLength);
      hits.push({
        rule: 'compose-secret-fallback',
        severity: 'error',
        file,
        line: i.at.line,
        variable: e.name,
        valueHash: fullHash(i.default),
        object,
        message: `${where} falls back to a literal when ${i.variable} is unset (${describeValue(a, opts.minLength)}): a missing secret silently becomes this public one.`,
        fix: `${e.name}: \${${i.variable}:?${i.variable} is required}`,
      });
    }
  }
  // Every ${X} / ${X:?msg} without a default, anywhere in the file (image tags and ports too): the deployment must provide X, so .env.example should list it.
  for (const i of template ? model.interpolations : []) {
    if ((i.operator !== null && i.operator !== ':?' && i.operator !== '?') || template!.has(i.variable) || reportedMissing.has(i.variable)) continue;
    reportedMissing.add(i.variable);
    hits.push({
      rule: 'env-example-missing-key',
      severity: 'warning',
      file,
      line: i.at.line,
      variable: i.variable,
      valueHash: '',
      object: `${file}:${i.variable}`,
      message: `${file}:${i.at.line} needs ${i.variable} (no default) but the .env.example next to it does not list it.`,
      fix: `Add ${i.variable}= to .env.example.`,
    });
  }
  for (const ref of model.envFiles) {
    if (/\$/.test(ref.path)) continue;
    const target = posix.normalize(posix.join(dir, ref.path));
    if (!ctx.tracked.has(target)) continue;
    hits.push({
      rule: 'compose-env-file-tracked',
      severity: 'error',
      file,
      line: ref.at.line,
      variable: ref.path,
      valueHash: '',
      object: `${file}:${ref.service}.env_file`,
      message: `${file}:${ref.at.line} ${ref.service}.env_file ${target} is tracked by git: the secrets in it are in the repository.`,
      fix: `git rm --cached ${target}, list it in .gitignore, and create it on the server from a secret store.`,
    });
  }
  return hits;
}
