/**
 * The list of databases a fleet run checks (`--targets FILE`, or the `targets` input as lines):
 * one target a line, as a URL (or libpq string), a Cloud SQL instance name, or `name=url`;
 * `$VAR` / `${VAR}` are taken from the environment (`$$` is a `$`); blank lines and `#` lines
 * are skipped. Every line is read, and every password registered, before anything connects; a
 * bad line is one sentence naming file:line that never repeats the line (it may hold a password).
 */
import { readFileSync } from 'node:fs';
import { UsageError, labelOf, messageOf, redact, registerSecret, type InputSource } from '@preflight/core';
import { parseConnection, type ConnectionTarget, type ParseOptions } from '../connection.ts';

export interface FleetTarget {
  /** How the report names it: the name given, else the database (or instance) name. */
  name: string;
  target: ConnectionTarget;
  /** Where it was given, for messages: `tenants.txt:4`. */
  where: string;
}

/** A target line may name itself: `tenant_a=postgres://...`. Letters, digits, `_ . -`. */
const NAMED = /^([A-Za-z0-9_][A-Za-z0-9_.-]*)=(.*)$/s;
/** What the part after `name=` must look like for the line to be a named target (else it is a libpq string). */
const TARGET_START = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|\$|[a-z0-9][a-z0-9.-]*:[a-z0-9-]+:)/i;

/**
 * The targets text: the input's own lines when it has several (or one that is itself a target),
 * otherwise a file of them. Returns the text and how lines are cited (`tenants.txt` or `input targets`).
 */
export function targetsText(value: string, source: InputSource): { text: string; origin: string } {
  const label = labelOf('targets', source);
  const oneLine = !/[\r\n]/.test(value.trim());
  if (!oneLine || looksLikeTarget(value.trim())) return { text: value, origin: label };
  const path = value.trim();
  try {
    return { text: readFileSync(path, 'utf8'), origin: path };
  } catch {
    throw new UsageError(
      redact(`${capitalize(label)} points to ${path}, which does not exist or cannot be read; give a file with one target a line (a URL, a Cloud SQL instance name, or name=url), or the targets themselves on separate lines (relative paths start at ${process.cwd()}).`),
    );
  }
}

function looksLikeTarget(line: string): boolean {
  return TARGET_START.test(line) || NAMED.test(line) || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line);
}

export interface ParseTargetsOptions extends Omit<ParseOptions, 'inputName'> {
  origin: string;
  env?: NodeJS.ProcessEnv;
}

export function parseTargets(text: string, opts: ParseTargetsOptions): FleetTarget[] {
  const env = opts.env ?? process.env;
  const lines = text.split(/\r?\n/);
  // Register every password before any line can fail: an error about line 3 must not be able to
  // print line 7's password, and nothing connects before all of them are known.
  const resolved = lines.map((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return undefined;
    const where = `${opts.origin}:${i + 1}`;
    return { where, ...resolveEnv(line, where, env) };
  });
  for (const r of resolved) if (r) for (const v of r.values) registerSecret(v);
  const targets: FleetTarget[] = [];
  for (const r of resolved) {
    if (!r) continue;
    if (r.error) throw r.error;
    targets.push(targetOf(r.text, r.where, opts));
  }
  if (targets.length === 0) {
    throw new UsageError(`${capitalize(opts.origin)} lists no target (only blank lines or # comments); add one database a line (a URL, a Cloud SQL instance name, or name=url): checking none is never a pass.`);
  }
  const seen = new Map<string, string>();
  for (const t of targets) {
    const first = seen.get(t.name);
    if (first) {
      throw new UsageError(redact(`${t.where}: the target name ${t.name} is used already at ${first}; name each target (tenant_a=postgres://...) so the report can tell them apart.`));
    }
    seen.set(t.name, t.where);
  }
  return targets;
}

function targetOf(line: string, where: string, opts: ParseTargetsOptions): FleetTarget {
  const named = NAMED.exec(line);
  const [given, text] = named && TARGET_START.test(named[2].trim()) ? [named[1], named[2].trim()] : [undefined, line];
  if (given !== undefined && text === '') throw new UsageError(`${where}: ${given}= has nothing after the =; give its URL, e.g. ${given}=postgres://user:password@host/dbname.`);
  let target: ConnectionTarget;
  try {
    target = parseConnection(text, { ...opts, inputName: where });
  } catch (error) {
    // parseConnection's own sentence, cited by file:line ("Input tenants.txt:4 is not ...").
    throw new UsageError(redact(messageOf(error).replace(/^Input /, '')));
  }
  if (target.kind === 'cloud-sql-instance') target = instanceCredentials(target, opts.env ?? process.env);
  const name = given ?? target.database ?? target.cloudSqlInstance ?? target.user;
  if (!name) throw new UsageError(`${where}: the target names no database; add one to the URL (postgres://user:password@host/dbname) or name the line (tenant_a=postgres://...).`);
  return { name, target, where };
}

/**
 * A bare Cloud SQL instance name carries no credentials: user, password and database come from
 * PGUSER, PGPASSWORD and PGDATABASE, as libpq takes them for any connection that does not say.
 */
function instanceCredentials(target: ConnectionTarget, env: NodeJS.ProcessEnv): ConnectionTarget {
  registerSecret(env.PGPASSWORD);
  const user = env.PGUSER || undefined;
  const database = env.PGDATABASE || user || 'postgres';
  return { ...target, user, database, config: { ...target.config, user, database, password: env.PGPASSWORD || undefined } };
}

/** `$VAR`, `${VAR}` from the environment; `$$` is a literal `$`. A missing variable is the line's error. */
function resolveEnv(line: string, where: string, env: NodeJS.ProcessEnv): { text: string; values: string[]; error?: UsageError } {
  const values: string[] = [];
  let error: UsageError | undefined;
  const text = line.replace(/\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|\{[^}]*\}?)/g, (match, braced: string | undefined, bare: string | undefined) => {
    if (match === '$$') return '$';
    const name = braced ?? bare;
    if (!name) {
      error ??= new UsageError(`${where}: ${'${'}...} holds no environment variable name; write ${'${'}TENANT_URL} or $TENANT_URL (and $$ for a literal $).`);
      return '';
    }
    const value = env[name];
    if (value === undefined || value === '') {
      error ??= new UsageError(`${where}: the environment variable ${name} is not set (or empty); set it to the target's URL, or remove the line.`);
      return '';
    }
    values.push(value);
    return value;
  });
  return { text, values, error };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
