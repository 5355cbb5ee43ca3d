// What each container's environment would be, computed the way `docker compose` (v2) computes it,
// offline: the -f files merged in order (services by name, environment by variable, env_file lists
// appended, later files win), interpolation from the shell environment over ONE interpolation env
// file (<projectDir>/.env unless --env-file is given: compose does not read an env_file: of a
// service for interpolation, the incident), then each service's env_file entries (in order) under
// its environment. Every value says where it came from.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '@preflight/core';
import { parseEnvFile } from './envfile.ts';
import { evaluate, parseTemplate, type Evaluation } from './interpolate.ts';
import type { Located } from './located.ts';
import { parseComposeDocuments, type ComposeEnvEntry, type ComposeEnvFileRef } from './parse.ts';

export interface EffectiveValue {
  /** The value the container gets; undefined when the variable is not set in the container at all. */
  value: string | undefined;
  origin: {
    /**
     * literal: written in the compose file; interpolated: ${VAR} from the shell or the interpolation
     * file; fallback: the text after ':-' / '-' because VAR was unset (or empty); env_file: a line
     * of a service's env_file; shell: `- NAME` / `NAME:` passed through from the shell; unset:
     * nothing set it (value undefined), or ${VAR} of an unset VAR that compose replaced by "" (value '').
     */
    kind: 'literal' | 'interpolated' | 'fallback' | 'env_file' | 'shell' | 'unset';
    /** The line that decided the value: the compose entry, the "$" of the interpolation, the env_file line. */
    at: Located;
    variable?: string;
    /** For interpolated values and pass-through: the env file the variable's value was read from (absent = the shell). For fallbacks: the interpolation file that was consulted and lacked it (absent = none). */
    interpolationFile?: string;
    /** ':?' / '?' on a missing variable: compose's message; compose would refuse to start the project. */
    error?: string;
    /** For a value read from the interpolation file: the line there that sets the variable. */
    valueAt?: Located;
  };
  /** Earlier definitions this value replaced (env_file lines, earlier -f files), in order. */
  overrides?: Located[];
}

export interface EffectiveEnvFile {
  /** resolved against the project directory, shown relative to `root` */
  path: string;
  required: boolean;
  exists: boolean;
  at: Located;
}

export interface EffectiveProject {
  projectDir: string;
  /** The env file used for interpolation (the last of several --env-file), or undefined when there is none. */
  interpolationFile: string | undefined;
  services: Record<string, { environment: Record<string, EffectiveValue>; envFiles: EffectiveEnvFile[] }>;
}

export interface EffectiveConfigOptions {
  /** compose files in -f order; relative paths against the current directory */
  files: string[];
  /** --env-file (repeatable, later wins); relative paths against the current directory; default <projectDir>/.env */
  envFiles?: string[];
  /** --project-directory; default the first file's directory */
  projectDir?: string;
  /** The shell environment compose would run in. Not process.env by default: pass it explicitly. */
  env?: Record<string, string | undefined>;
  /** Files in positions are named relative to this directory when inside it (default the current directory). */
  root?: string;
}

type Lookup = { value: string; file?: string; at?: Located };
type ReadEntry = { name: string; value: string; file: string; at: Located; inherited?: true };

export function effectiveConfig(opts: EffectiveConfigOptions): EffectiveProject {
  if (opts.files.length === 0) throw new UsageError('effectiveConfig needs at least one compose file.');
  const files = opts.files.map((f) => resolve(f));
  for (const [i, file] of files.entries()) {
    if (!isFile(file)) throw new UsageError(`The compose file ${opts.files[i]} does not exist or is not a file.`);
  }
  const projectDir = resolve(opts.projectDir ?? dirname(files[0]));
  const shell = opts.env ?? {};
  const root = resolve(opts.root ?? process.cwd());

  // The interpolation environment: the env file(s), then the shell over them.
  const explicit = opts.envFiles?.map((f) => resolve(f));
  for (const [i, file] of (explicit ?? []).entries()) {
    if (!isFile(file)) throw new UsageError(`The env file ${opts.envFiles![i]} given with --env-file does not exist or is not a file.`);
  }
  const defaultEnvFile = resolve(projectDir, '.env');
  const interpolationFiles = explicit ?? (isFile(defaultEnvFile) ? [defaultEnvFile] : []);
  // compose-go's GetEnvFromFile: a ${VAR} in the file looks at the shell first, then at what the
  // env file(s) set so far.
  const dotenv = new Map<string, Lookup>();
  const dotenvValues = new Map<string, string>();
  for (const file of interpolationFiles) {
    for (const entry of readEnvFile(file, (name) => shell[name], dotenvValues, root)) dotenv.set(entry.name, { value: entry.value, file: entry.file, at: entry.at });
  }
  const projectEnv = (name: string): Lookup | undefined => {
    const fromShell = shell[name];
    if (fromShell !== undefined) return { value: fromShell };
    return dotenv.get(name);
  };
  const last = interpolationFiles.at(-1);
  const interpolationFile = last === undefined ? undefined : displayPath(last, root);

  // Merge the files' services in -f order.
  type ServiceState = { environment: Map<string, { entry: ComposeEnvEntry; parts: ReturnType<typeof parseTemplate> | undefined; overrides: Located[] }>; envFiles: ComposeEnvFileRef[] };
  const services = new Map<string, ServiceState>();
  for (const file of files) {
    const shown = displayPath(file, root);
    for (const doc of parseComposeDocuments(shown, readFileSync(file, 'utf8'))) {
      for (const name of doc.services) if (!services.has(name)) services.set(name, { environment: new Map(), envFiles: [] });
      for (const entry of doc.env) {
        if (entry.source !== 'environment') continue;
        const state = services.get(entry.service)!;
        const previous = state.environment.get(entry.name);
        const overrides = previous ? [...previous.overrides, previous.entry.at] : [];
        state.environment.delete(entry.name); // a redefinition moves to the end, as the merged mapping prints
        state.environment.set(entry.name, { entry, parts: doc.templates.get(entry), overrides });
      }
      for (const ref of doc.envFiles) {
        const state = services.get(ref.service)!;
        const parts = doc.templates.get(ref);
        const path = parts ? evaluate(parts, (n) => projectEnv(n)?.value).value : ref.path;
        state.envFiles.push({ ...ref, path });
      }
    }
  }

  const result: EffectiveProject = { projectDir, interpolationFile, services: {} };
  for (const [name, state] of services) {
    // The service's own environment entries (they do not depend on its env_files).
    const own = new Map<string, EffectiveValue>();
    for (const [variable, { entry, parts, overrides }] of state.environment) {
      const value = entry.raw === undefined || !parts ? passThrough(variable, entry.at, projectEnv) : interpolated(entry, evaluate(parts, (n) => projectEnv(n)?.value), projectEnv, interpolationFile);
      if (overrides.length) value.overrides = [...overrides];
      own.set(variable, value);
    }
    // Then its env_files, in order, as compose-go's WithServicesEnvironmentResolved reads them: a
    // ${VAR} in an env_file looks at the project environment first, then the service's own
    // environment, then what this and earlier env_files set; a bare NAME line is set only when the
    // project environment or the service's environment has it.
    const values = new Map<string, string>();
    for (const [k, v] of own) if (v.value !== undefined) values.set(k, v.value);
    const first = (n: string) => projectEnv(n)?.value ?? own.get(n)?.value;
    const fromFiles = new Map<string, EffectiveValue>();
    const envFiles: EffectiveEnvFile[] = [];
    for (const ref of state.envFiles) {
      // compose resolves every relative path against the project directory, override files included
      const path = isAbsolute(ref.path) ? ref.path : resolve(projectDir, ref.path);
      const exists = isFile(path);
      envFiles.push({ path: displayPath(path, root), required: ref.required, exists, at: ref.at });
      if (!exists) continue;
      for (const entry of readEnvFile(path, first, values, root)) {
        const previous = fromFiles.get(entry.name);
        const value: EffectiveValue = entry.inherited ? passThrough(entry.name, entry.at, projectEnv) : { value: entry.value, origin: { kind: 'env_file', at: entry.at } };
        // (a bare NAME that only the service's own environment has is replaced by that entry below)
        if (previous) value.overrides = [...(previous.overrides ?? []), previous.origin.at];
        fromFiles.delete(entry.name);
        fromFiles.set(entry.name, value);
      }
    }
    // The service's environment over its env_files.
    const environment: Record<string, EffectiveValue> = {};
    for (const [k, v] of fromFiles) environment[k] = v;
    for (const [k, v] of own) {
      const hidden = environment[k];
      if (hidden) v.overrides = [...(hidden.overrides ?? []), hidden.origin.at, ...(v.overrides ?? [])];
      delete environment[k];
      environment[k] = v;
    }
    result.services[name] = { environment, envFiles };
  }
  return result;
}

function interpolated(entry: ComposeEnvEntry, evaluation: Evaluation, projectEnv: (n: string) => Lookup | undefined, interpolationFile: string | undefined): EffectiveValue {
  const { value, uses, error } = evaluation;
  if (error !== undefined) {
    const failed = uses.find((u) => u.outcome === 'error')!;
    return { value: undefined, origin: { kind: 'unset', at: failed.at, variable: failed.variable, error } };
  }
  const fallback = uses.find((u) => u.outcome === 'fallback');
  if (fallback) {
    const origin: EffectiveValue['origin'] = { kind: 'fallback', at: fallback.at, variable: fallback.variable };
    if (interpolationFile) origin.interpolationFile = interpolationFile;
    return { value, origin };
  }
  const set = uses.find((u) => u.outcome === 'set' || u.outcome === 'replacement');
  if (set) {
    const origin: EffectiveValue['origin'] = { kind: 'interpolated', at: set.at, variable: set.variable };
    const found = projectEnv(set.variable);
    if (found?.file) origin.interpolationFile = found.file;
    if (found?.file && found.at) origin.valueAt = found.at;
    return { value, origin };
  }
  const unset = uses.find((u) => u.outcome === 'unset');
  if (unset) return { value, origin: { kind: 'unset', at: unset.at, variable: unset.variable } };
  return { value, origin: { kind: 'literal', at: entry.at } };
}

/** `- NAME` / `NAME:` / a bare NAME line in an env_file: the value of NAME where compose runs. */
function passThrough(variable: string, at: Located, projectEnv: (n: string) => Lookup | undefined): EffectiveValue {
  const found = projectEnv(variable);
  if (!found) return { value: undefined, origin: { kind: 'unset', at, variable } };
  if (found.file) return { value: found.value, origin: { kind: 'interpolated', at, variable, interpolationFile: found.file, ...(found.at ? { valueAt: found.at } : {}) } };
  return { value: found.value, origin: { kind: 'shell', at, variable } };
}

/**
 * An env file's entries with compose's expansion applied: `first` (the shell, or the project
 * environment) is asked before `values` (what this and earlier files set, updated as we read).
 * A bare NAME line is kept only when `first` has it.
 */
function readEnvFile(file: string, first: (name: string) => string | undefined, values: Map<string, string>, root: string): ReadEntry[] {
  const shown = displayPath(file, root);
  const out: ReadEntry[] = [];
  const lookup = (n: string) => first(n) ?? values.get(n);
  for (const entry of parseEnvFile(shown, readFileSync(file, 'utf8'))) {
    const value = entry.inherited ? first(entry.name) : entry.interpolated ? evaluate(parseTemplate(entry.value, entry.at), lookup).value : entry.value;
    if (value === undefined) continue;
    values.set(entry.name, value);
    out.push(entry.inherited ? { name: entry.name, value, file: shown, at: entry.at, inherited: true } : { name: entry.name, value, file: shown, at: entry.at });
  }
  return out;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Paths in positions and messages: relative to `root` when inside it. */
function displayPath(file: string, root: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
