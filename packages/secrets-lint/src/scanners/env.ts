/**
 * Committed env files (`.env`, `.env.production`, `envs/.env`; not `.env.example`, `.env.sample`,
 * `.env.template`): secret values that are weak or simply committed, settings with placeholder
 * domains that break production, and list variables in the wrong format. Parsed with
 * @preflight/compose's parseEnvFile, the way docker compose reads them.
 */
import { isSecretName } from '@preflight/core';
import type { EnvFileEntry } from '@preflight/compose';
import { assess, describeValue, fullHash, weakness } from '../value.ts';
import type { Hit, ScanOptions } from '../hit.ts';

type ComposeApi = typeof import('@preflight/compose');

// Domains that exist only in guides: https://tu-dominio.com, your-domain.com, example.com, localhost in a production list.
const PLACEHOLDER_DOMAIN = /\b(?:(?:tu|su|mi|seu|meu|votre|ihre|your|my)[-_]?(?:dominio|domínio|domaine|domain|site|app)|example|yourcompany|your-company|changeme)\.(?:com|org|net|io|es|com\.br|fr|de|local)\b|\b(?:tu|your|seu|votre)[-_](?:dominio|domain|domaine)\b/i;

export function parseEnvSafely(api: ComposeApi, file: string, text: string): { entries: EnvFileEntry[] } | { error: Hit } {
  try {
    return { entries: api.parseEnvFile(file, text) };
  } catch (error) {
    if (error instanceof api.ComposeSyntaxError) return { error: unparseable(error.file, error.line ?? 1, error.message) };
    throw error;
  }
}

export function unparseable(file: string, line: number, message: string): Hit {
  return {
    rule: 'unparseable-file',
    severity: 'error',
    file,
    line,
    variable: '',
    valueHash: '',
    object: file,
    message: `${message.replace(/\.$/, '')}: nothing in it was checked.`,
    fix: 'Fix the syntax (docker compose config reports the same error).',
  };
}

export function scanEnvFile(api: ComposeApi, file: string, text: string, opts: ScanOptions): Hit[] {
  const parsed = parseEnvSafely(api, file, text);
  if ('error' in parsed) return [parsed.error];
  const hits: Hit[] = [];
  for (const e of parsed.entries) {
    if (e.inherited) continue;
    const line = e.at.line;
    const object = `${file}:${e.name}`;
    if (isSecretName(e.name)) {
      if (!e.value || (e.interpolated && /\$\{?[A-Za-z_]/.test(e.value))) continue;
      const a = assess(e.value, opts.minLength);
      const weak = weakness(a);
      const what = weak === 'secret-placeholder' ? 'is a placeholder' : weak === 'secret-too-short' ? 'is too short' : weak === 'secret-low-entropy' ? 'has low entropy' : 'is committed';
      hits.push({
        rule: weak ?? 'env-committed-secret',
        severity: 'error',
        file,
        line,
        variable: e.name,
        valueHash: fullHash(e.value),
        object,
        message: `${e.name} in ${file}:${line} ${what} (${describeValue(a, opts.minLength)})${weak ? ', in a file git tracks' : ''}.`,
        fix: `Generate a real secret (openssl rand -hex 32), keep it out of git (git rm --cached ${file}; list ${file} in .gitignore), and commit only .env.example with ${e.name}= empty.`,
      });
      continue;
    }
    if (opts.listVars.includes(e.name)) {
      const hit = listFormatHit(file, line, e.name, e.value, opts.listFormat);
      if (hit) hits.push(hit);
    }
    const domain = PLACEHOLDER_DOMAIN.exec(e.value);
    if (domain) {
      hits.push({
        rule: 'env-placeholder-setting',
        severity: 'warning',
        file,
        line,
        variable: e.name,
        valueHash: fullHash(e.value),
        object,
        message: `${e.name} in ${file}:${line} holds a placeholder domain (${domain[0]}): production requests will be refused or sent there.`,
        fix: `Put the deployment's real domain in ${e.name}.`,
      });
    }
  }
  return hits;
}

/** A JSON array where the app parses CSV, or a CSV list where it parses JSON. */
export function listFormatHit(file: string, line: number, name: string, value: string, format: 'csv' | 'json'): Hit | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const json = v.startsWith('[');
  if (format === 'csv' && !json) return undefined;
  if (format === 'json' && json) {
    try {
      JSON.parse(v);
      return undefined;
    } catch {
      /* reported below as not JSON */
    }
  }
  const items = json ? safeItems(v) : v.split(',').map((s) => s.trim());
  const fixValue = format === 'csv' ? items.join(',') : JSON.stringify(items);
  return {
    rule: 'env-list-format',
    severity: 'error',
    file,
    line,
    variable: name,
    valueHash: fullHash(value),
    object: `${file}:${name}`,
    message: format === 'csv' ? `${name} in ${file}:${line} is a JSON array but the app parses csv (list-format: csv).` : `${name} in ${file}:${line} is not a JSON array but the app parses json (list-format: json).`,
    fix: `${name}=${fixValue}`,
  };
}

function safeItems(v: string): string[] {
  try {
    const parsed = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    /* fall through */
  }
  return v.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim().replace(/^["']|["']$/g, ''));
}
