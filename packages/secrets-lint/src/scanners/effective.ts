/**
 * --compose-file / --env-file: the environment each container would really get, computed by
 * @preflight/compose's effectiveConfig the way `docker compose -f a -f b --env-file e` does (no
 * Docker engine), and the secret-named values in it checked: fallbacks that won, weak values from
 * any origin, variables compose would leave empty or refuse to start without.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isSecretName } from '@preflight/core';
import type { EffectiveProject, EffectiveValue } from '@preflight/compose';
import { assess, describeValue, fullHash, weakness } from '../value.ts';
import type { Hit, ScanOptions } from '../hit.ts';
import { listFormatHit } from './env.ts';

type ComposeApi = typeof import('@preflight/compose');

export interface EffectiveInputs {
  files: string[];
  envFiles: string[];
  root: string;
  /** The shell environment compose would run in (see docs: the check-env variables that are set). */
  env: Record<string, string | undefined>;
}

export function checkEffective(api: ComposeApi, input: EffectiveInputs, opts: ScanOptions): Hit[] {
  const project = api.effectiveConfig({ files: input.files, envFiles: input.envFiles.length ? input.envFiles : undefined, env: input.env, root: input.root });
  const hits: Hit[] = [];
  for (const [service, { environment, envFiles }] of Object.entries(project.services)) {
    for (const [name, raw] of Object.entries(environment)) {
      // A value read from the interpolation file is reported where it is written there.
      const at = raw.origin.valueAt;
      const v: EffectiveValue = at ? { ...raw, origin: { ...raw.origin, at } } : raw;
      if (opts.listVars.includes(name) && v.value !== undefined) {
        const hit = listFormatHit(v.origin.at.file, v.origin.at.line, name, v.value, opts.listFormat);
        const shape = opts.listFormat === 'csv' ? 'as a JSON array but the app parses csv' : 'not as a JSON array but the app parses json';
        if (hit) hits.push({ ...hit, object: `service.${service}.environment.${name}`, message: `service ${service} gets ${name} ${origin(v)} ${shape}.` });
      }
      if (!isSecretName(name)) continue;
      const hit = secretHit(service, name, v, project, envFiles.filter((f) => f.exists).map((f) => f.path), input.root, opts);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

function origin(v: EffectiveValue): string {
  const at = `${v.origin.at.file}:${v.origin.at.line}`;
  switch (v.origin.kind) {
    case 'fallback':
      return `from the fallback in ${at}`;
    case 'env_file':
      return `from the env_file ${at}`;
    case 'interpolated':
      return v.origin.interpolationFile ? `from ${at}` : `from the shell (interpolated at ${at})`;
    case 'shell':
      return `from the shell (${at})`;
    case 'literal':
      return `from the literal in ${at}`;
    default:
      return `at ${at}`;
  }
}

function secretHit(service: string, name: string, v: EffectiveValue, project: EffectiveProject, serviceEnvFiles: string[], root: string, opts: ScanOptions): Hit | undefined {
  const object = `service.${service}.environment.${name}`;
  const base = { rule: 'compose-effective-secret', severity: 'error' as const, file: v.origin.at.file, line: v.origin.at.line, variable: `${service}.${name}` };
  if (v.value === undefined || v.value === '') {
    const why = v.origin.error
      ? `docker compose would refuse to start: ${v.origin.variable ?? name} is required and not set`
      : v.value === ''
        ? `${v.origin.variable ?? name} is unset, so compose puts an empty string`
        : `nothing sets it`;
    return {
      ...base,
      valueHash: '',
      object,
      message: `service ${service} gets no ${name} (${why}; interpolation file: ${project.interpolationFile ?? 'none'}).`,
      fix: `Provide ${v.origin.variable ?? name} to compose: --env-file FILE (docker compose --env-file FILE), or the deploy's environment.`,
    };
  }
  const a = assess(v.value, opts.minLength);
  const weak = weakness(a);
  if (v.origin.kind === 'fallback') {
    const variable = v.origin.variable ?? name;
    const definedIn = serviceEnvFiles.find((f) => definesVariable(root, f, variable));
    const because = definedIn
      ? `because ${definedIn} is not the interpolation file (env_file: feeds the container, not \${...})`
      : project.interpolationFile
        ? `because ${project.interpolationFile} does not set ${variable}`
        : 'because no interpolation file was read (no --env-file, no .env next to the first compose file)';
    return {
      ...base,
      valueHash: fullHash(v.value),
      object,
      message: `service ${service} gets ${name} from the fallback in ${v.origin.at.file}:${v.origin.at.line} (${describeValue(a, opts.minLength)}) ${because}.`,
      fix: `${name}: \${${variable}:?${variable} is required}, and pass ${definedIn ?? 'the env file'} with --env-file.`,
    };
  }
  if (!weak) return undefined;
  const what = weak === 'secret-placeholder' ? 'a placeholder' : weak === 'secret-too-short' ? 'a value too short' : 'a low-entropy value';
  return {
    ...base,
    valueHash: fullHash(v.value),
    object,
    message: `service ${service} gets ${what} for ${name} ${origin(v)} (${describeValue(a, opts.minLength)}).`,
    fix: `Set a real ${name} (openssl rand -hex 32) where it comes from.`,
  };
}

function definesVariable(root: string, path: string, variable: string): boolean {
  const full = path.startsWith('/') ? path : `${root}/${path}`;
  if (!existsSync(full)) return false;
  return new RegExp(`^\\s*(?:export\\s+)?${variable}\\s*[=:]`, 'm').test(readFileSync(full, 'utf8'));
}
