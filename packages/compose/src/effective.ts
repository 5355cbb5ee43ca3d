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
type ReadEntry = { name: string; value: string | undefined; file: string; at: Located; inherited?: true };

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
  const dotenv = new Map<string, Lookup>();
  for (const file of interpolationFiles) {
    for (const entry of readEnvFile(file, (name) => dotenv.get(name)?.value ?? shell[name], root)) {
      if (entry.value !== undefined) dotenv.set(entry.name, { value: entry.value, file: entry.file, at: entry.at });
    }
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
    const environment: Record<string, EffectiveValue> = {};
    const envFiles: EffectiveEnvFile[] = [];
    // env_file entries first, in order; each file's values may use the ones before and the project env
    for (const ref of state.envFiles) {
      // compose resolves every relative path against the project directory, override files included
      const path = isAbsolute(ref.path) ? ref.path : resolve(projectDir, ref.path);
      const exists = isFile(path);
      envFiles.push({ path: displayPath(path, root), required: ref.required, exists, at: ref.at });
      if (!exists) continue;
      const lookup = (n: string) => environment[n]?.value ?? projectEnv(n)?.value;
      for (const entry of readEnvFile(path, lookup, root)) {
        const previous = environment[entry.name];
        const value: EffectiveValue = entry.inherited
          ? passThrough(entry.name, entry.at, projectEnv)
          : { value: entry.value, origin: { kind: 'env_file', at: entry.at } };
        const overrides = previous ? [...(previous.overrides ?? []), previous.origin.at] : [];
        if (overrides.length) value.overrides = overrides;
        delete environment[entry.name];
        environment[entry.name] = value;
      }
    }
    for (const [variable, { entry, parts, overrides: earlier }] of state.environment) {
      const previous = environment[variable];
      const value = entry.raw === undefined || !parts ? passThrough(variable, entry.at, projectEnv) : interpolated(entry, evaluate(parts, (n) => projectEnv(n)?.value), projectEnv, interpolationFile);
      const overrides = [...(previous ? [...(previous.overrides ?? []), previous.origin.at] : []), ...earlier];
      if (overrides.length) value.overrides = overrides;
      delete environment[variable];
      environment[variable] = value;
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
    const file = projectEnv(set.variable)?.file;
    if (file) origin.interpolationFile = file;
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
  if (found.file) return { value: found.value, origin: { kind: 'interpolated', at, variable, interpolationFile: found.file } };
  return { value: found.value, origin: { kind: 'shell', at, variable } };
}

/** An env file's entries with compose's expansion applied: earlier entries of the same file first, then `lookup`. */
function readEnvFile(file: string, lookup: (name: string) => string | undefined, root: string): ReadEntry[] {
  const shown = displayPath(file, root);
  const own = new Map<string, string>();
  const out: ReadEntry[] = [];
  for (const entry of parseEnvFile(shown, readFileSync(file, 'utf8'))) {
    if (entry.inherited) {
      const value = lookup(entry.name);
      out.push({ name: entry.name, value, file: shown, at: entry.at, inherited: true });
      if (value !== undefined) own.set(entry.name, value);
      continue;
    }
    const value = entry.interpolated ? evaluate(parseTemplate(entry.value, entry.at), (n) => own.get(n) ?? lookup(n)).value : entry.value;
    own.set(entry.name, value);
    out.push({ name: entry.name, value, file: shown, at: entry.at });
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
