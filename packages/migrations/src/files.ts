/**
 * Reads a migrations directory in the layout of one tool. Shared by schema-verify (which applies the
 * files to a shadow database to learn the expected schema) and the migration runner, so both agree
 * on which files exist, in which order, and what "version" means.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '@preflight/core';
import { parseAlembicRevision } from './alembic.ts';
import { scanSql } from './sql-split.ts';
import { compareVersions, normalizeVersion } from './version.ts';

export const migrationFormats = ['sql', 'dbmate', 'golang-migrate', 'flyway', 'prisma'] as const;
export type MigrationFormat = (typeof migrationFormats)[number];
/** A format option's value: one of the formats, or `auto` to detect it from the directory's layout. */
export type MigrationFormatChoice = MigrationFormat | 'auto';

export interface Migration {
  /** As written in the file name (`0002`, `20240101120000`, Flyway `1.1`); '' for a Flyway repeatable. */
  version: string;
  name: string;
  /** Path of the file holding the up SQL (the directory joined with the file name). */
  file: string;
  upSql: string;
  /** 1-based line in `file` where `upSql` starts, so load errors can name file:line. */
  upStartLine: number;
  downSql?: string;
  /** Run statement by statement outside a transaction (CREATE INDEX CONCURRENTLY and friends). */
  noTransaction: boolean;
  /** sha256 of the file's bytes, hex. */
  checksum: string;
  /** Other ledger checksums that mean "this file, unedited" (Prisma's line-ending-agnostic match). */
  acceptedChecksums?: string[];
}

/** What one file name means in a format; `undefined` from the parser means "not a migration, ignore". */
export interface ParsedFileName {
  kind: 'up' | 'down' | 'single' | 'repeatable' | 'config';
  version: string;
  name: string;
}

const sqlName = /^(\d+)(?:[_-](.*))?\.sql$/;
const dbmateName = /^(\d+)_(.*)\.sql$/;
const golangName = /^(\d+)_(.*)\.(up|down)\.sql$/;
const flywayVersioned = /^([VU])(\d+(?:[._]\d+)*)__(.*)\.sql(\.conf)?$/;
const flywayRepeatable = /^R__(.*)\.sql(\.conf)?$/;

/**
 * Parses one file name. Returns undefined for files the tool itself ignores (README.md, *.go,
 * hidden files); throws UsageError for a `.sql` file the tool would reject or silently skip, since
 * a migration that never runs is exactly the outage we are here to prevent.
 */
export function parseMigrationFileName(format: MigrationFormat, fileName: string, dir = '.'): ParsedFileName | undefined {
  if (fileName.startsWith('.')) return undefined;
  const where = join(dir, fileName);
  switch (format) {
    case 'sql': {
      if (!fileName.endsWith('.sql')) return undefined;
      const m = sqlName.exec(fileName);
      if (!m) throw badName(where, 'sql', '<version>_<name>.sql, e.g. 0001_create_users.sql');
      return { kind: 'single', version: m[1], name: m[2] ?? '' };
    }
    case 'dbmate': {
      if (!fileName.endsWith('.sql')) return undefined;
      const m = dbmateName.exec(fileName);
      if (!m) throw badName(where, 'dbmate', '<version>_<name>.sql, e.g. 20240101120000_create_users.sql');
      return { kind: 'single', version: m[1], name: m[2] };
    }
    case 'golang-migrate': {
      if (!fileName.endsWith('.sql')) return undefined;
      const m = golangName.exec(fileName);
      if (!m) throw badName(where, 'golang-migrate', '<version>_<name>.up.sql and <version>_<name>.down.sql');
      return { kind: m[3] as 'up' | 'down', version: m[1], name: m[2] };
    }
    case 'flyway': {
      if (!fileName.endsWith('.sql') && !fileName.endsWith('.sql.conf')) return undefined;
      const r = flywayRepeatable.exec(fileName);
      if (r) return { kind: r[2] ? 'config' : 'repeatable', version: '', name: flywayDescription(r[1]) };
      const m = flywayVersioned.exec(fileName);
      if (!m) throw badName(where, 'flyway', 'V<version>__<description>.sql (e.g. V1_1__init.sql), U<version>__<description>.sql or R__<description>.sql');
      const version = m[2].replace(/_/g, '.');
      if (m[4]) return { kind: 'config', version, name: flywayDescription(m[3]) };
      return { kind: m[1] === 'V' ? 'up' : 'down', version, name: flywayDescription(m[3]) };
    }
    case 'prisma':
      // The folder names the migration (see readPrisma); inside it only migration.sql counts.
      return fileName === 'migration.sql' ? { kind: 'single', version: '', name: '' } : undefined;
    default:
      throw unknownFormat(format);
  }
}

export interface ReadOptions {
  /** How the directory option is named to the user (`--migrations`, `input migrations`). */
  optionLabel?: string;
  /** The way to run alembic instead, e.g. `--migrate-command 'alembic upgrade head'`. */
  alembicHint?: string;
}

/**
 * Reads the migrations of `dir`; with `auto`, the format is detected from the layout first. A
 * directory with no migration file at all is a usage error: applying nothing and comparing with
 * an empty schema would pass without having looked.
 */
export function readMigrationsDir(dir: string, choice: MigrationFormatChoice, opts: ReadOptions = {}): { format: MigrationFormat; migrations: Migration[] } {
  if (choice !== 'auto' && !(migrationFormats as readonly string[]).includes(choice)) throw unknownFormat(choice);
  listFiles(dir, false); // a missing or unreadable directory is named as such before anything else
  const format = choice === 'auto' ? detectMigrationFormat(dir) : choice;
  const migrations = format ? readMigrations(dir, format) : [];
  if (migrations.length === 0) throw noMigrations(dir, choice, opts);
  return { format: format!, migrations };
}

export function readMigrations(dir: string, format: MigrationFormat): Migration[] {
  if (!(migrationFormats as readonly string[]).includes(format)) throw unknownFormat(format);
  if (format === 'prisma') return readPrisma(dir);
  // Flyway scans its locations recursively; the other tools read one flat directory.
  const files = listFiles(dir, format === 'flyway');
  switch (format) {
    case 'sql':
      return sortMigrations(readSingles(dir, files, format));
    case 'dbmate':
      return sortMigrations(readSingles(dir, files, format));
    case 'golang-migrate':
      return sortMigrations(readPairs(dir, files, format));
    case 'flyway':
      return sortMigrations(readPairs(dir, files, format));
  }
}

/**
 * The format a directory's layout says, or undefined when it holds no migration file. The marks
 * are the ones each tool itself needs: Prisma's `<name>/migration.sql` folders (and
 * migration_lock.toml), golang-migrate's `.up.sql`/`.down.sql` pairs, Flyway's `V1__x.sql`,
 * dbmate's `-- migrate:up` line; plain numbered `.sql` files are Preflight's own sql format.
 */
export function detectMigrationFormat(dir: string): MigrationFormat | undefined {
  const top = listEntries(dir);
  if (top.some((e) => e.isFile() && e.name === 'migration_lock.toml')) return 'prisma';
  if (top.some((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(dir, e.name, 'migration.sql')))) return 'prisma';
  const sql = top.filter((e) => (e.isFile() || e.isSymbolicLink()) && !e.name.startsWith('.') && e.name.endsWith('.sql')).map((e) => e.name);
  if (sql.some((n) => golangName.test(n))) return 'golang-migrate';
  if (sql.some((n) => flywayVersioned.test(n) || flywayRepeatable.test(n))) return 'flyway';
  if (sql.length === 0) {
    // Flyway also finds scripts in subfolders of its location (V1__init.sql under db/migration/v1).
    return listFiles(dir, true).some((rel) => flywayVersioned.test(baseName(rel))) ? 'flyway' : undefined;
  }
  if (sql.some((n) => dbmateMarker.test(readText(join(dir, n)).text))) return 'dbmate';
  return 'sql';
}

const dbmateMarker = /^--\s*migrate:up\b/m;

const formatShapes: Record<MigrationFormat, string> = {
  sql: 'sql (0001_name.sql)',
  dbmate: 'dbmate (<version>_name.sql with -- migrate:up)',
  'golang-migrate': 'golang-migrate (<version>_name.up.sql)',
  flyway: 'flyway (V1__name.sql)',
  prisma: 'prisma (<name>/migration.sql)',
};

function noMigrations(dir: string, choice: MigrationFormatChoice, opts: ReadOptions): UsageError {
  const label = opts.optionLabel ?? 'the migrations directory';
  const looked = choice === 'auto' ? migrationFormats.map((f) => formatShapes[f]).join(', ') : formatShapes[choice];
  let text = `Migrations directory ${dir} holds no migration files (looked for ${looked})`;
  const alembic = alembicRevisions(dir);
  const below = alembic ? undefined : subdirectoryWithMigrations(dir);
  if (alembic) {
    const where = alembic.dir === dir ? 'it' : alembic.dir;
    text += `; ${where} holds ${alembic.count} alembic revision${alembic.count === 1 ? '' : 's'}, which only alembic can apply: use ${opts.alembicHint ?? 'alembic upgrade head as the migrate command'} instead of ${label}.`;
  } else if (below) {
    text += `; ${below.dir} holds ${below.count} ${below.format} migration${below.count === 1 ? '' : 's'}: point ${label} at ${below.dir}.`;
  } else {
    text += `; point ${label} at the folder that holds the migration files${choice === 'auto' ? '' : `, or check the migrations format`}.`;
  }
  return new UsageError(text);
}

/** Alembic revision files in `dir`, or in its versions/ or alembic/versions/ (the usual places). */
function alembicRevisions(dir: string): { dir: string; count: number } | undefined {
  for (const d of [dir, join(dir, 'versions'), join(dir, 'alembic', 'versions')]) {
    const py = listEntries(d).filter((e) => e.isFile() && e.name.endsWith('.py') && e.name !== '__init__.py');
    const count = py.filter((e) => {
      const source = readText(join(d, e.name)).text;
      return /^down_revision\b/m.test(source) && parseAlembicRevision(source, e.name) !== undefined;
    }).length;
    if (count > 0) return { dir: d, count };
  }
  return undefined;
}

/** A subdirectory (one or two levels down) that does hold migrations: the usual slip is db/ for db/migrations. */
function subdirectoryWithMigrations(dir: string): { dir: string; format: MigrationFormat; count: number } | undefined {
  const children = (d: string) => listEntries(d).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => join(d, e.name));
  for (const sub of [...children(dir), ...children(dir).flatMap(children)]) {
    try {
      const format = detectMigrationFormat(sub);
      const count = format ? readMigrations(sub, format).length : 0;
      if (format && count > 0) return { dir: sub, format, count };
    } catch {
      // A folder that is not a readable migrations directory is no hint.
    }
  }
  return undefined;
}

/**
 * Every checksum Prisma accepts for this script (prisma-engines, schema-connector/src/checksum.rs,
 * script_matches_checksum): the script as is, with CRLF turned into LF and LF into CRLF (git
 * rewrites line endings on checkout), each also in the unpadded hex an old engine wrote.
 */
function prismaChecksums(file: string): string[] {
  const script = readFileSync(file).toString('utf8');
  const out = new Set<string>();
  for (const variant of [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')]) {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    out.add(digest.toString('hex'));
    out.add([...digest].map((b) => b.toString(16)).join(''));
  }
  return [...out];
}

function listEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Prisma Migrate: one folder per migration, `<name>/migration.sql`, applied in folder-name order
 * (Prisma sorts the names as strings). The version is the folder name, which is what Prisma
 * records as migration_name in _prisma_migrations.
 */
function readPrisma(dir: string): Migration[] {
  listFiles(dir, false);
  const folders = listEntries(dir)
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return folders.map((folder) => {
    const file = join(dir, folder, 'migration.sql');
    if (!existsSync(file)) {
      // Prisma refuses this too (P3015): a migration without its script cannot be applied or checked.
      throw new UsageError(`Prisma migration folder ${join(dir, folder)} has no migration.sql; restore the file or delete the folder.`);
    }
    const { text, checksum } = readText(file);
    const statements = scanSql(text).statements.filter((s) => s.sql.replace(/;$/, '').trim() !== '');
    // Prisma sends the script as one query: PostgreSQL runs it in one implicit transaction, except
    // a script of a single statement, which is how CREATE INDEX CONCURRENTLY works there.
    const noTransaction = statements.length === 1 && /\bCONCURRENTLY\b/i.test(statements[0].sql);
    return { version: folder, name: folder.replace(/^\d+_/, ''), file, upSql: text, upStartLine: 1, noTransaction, checksum, acceptedChecksums: prismaChecksums(file) };
  });
}

function readSingles(dir: string, files: string[], format: 'sql' | 'dbmate'): Migration[] {
  const out: Migration[] = [];
  for (const rel of files) {
    const parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    const file = join(dir, rel);
    const { text, checksum } = readText(file);
    if (format === 'sql') {
      // The marker must be the first line: a tool that only peeks at the head of the file agrees.
      const noTransaction = /^--\s*preflight:no-transaction\s*$/.test(text.split('\n', 1)[0].replace(/\r$/, ''));
      out.push({ version: parsed.version, name: parsed.name, file, upSql: text, upStartLine: 1, noTransaction, checksum });
    } else {
      out.push({ version: parsed.version, name: parsed.name, file, checksum, ...dbmateSections(file, text) });
    }
  }
  rejectDuplicates(out, dir);
  return out;
}

/** golang-migrate up/down pairs, Flyway V/U pairs plus R repeatables and .sql.conf settings. */
function readPairs(dir: string, files: string[], format: 'golang-migrate' | 'flyway'): Migration[] {
  const ups = new Map<string, Migration>();
  const downs = new Map<string, { file: string; sql: string }>();
  const noTx = new Set<string>();
  const repeatables: Migration[] = [];
  for (const rel of files) {
    const parsed = parseMigrationFileName(format, baseName(rel), dir);
    if (!parsed) continue;
    const file = join(dir, rel);
    const key = parsed.kind === 'repeatable' || (parsed.kind === 'config' && parsed.version === '') ? `R:${parsed.name}` : normalizeVersion(parsed.version);
    if (parsed.kind === 'config') {
      // Flyway per-script configuration: `executeInTransaction=false` is the one setting that matters here.
      if (/^\s*executeInTransaction\s*=\s*false\s*$/m.test(readText(file).text)) noTx.add(key);
      continue;
    }
    const { text, checksum } = readText(file);
    if (parsed.kind === 'down') {
      if (downs.has(key)) throw duplicate(dir, parsed.version, [downs.get(key)!.file, file]);
      downs.set(key, { file, sql: text });
      continue;
    }
    const migration: Migration = { version: parsed.version, name: parsed.name, file, upSql: text, upStartLine: 1, noTransaction: false, checksum };
    if (parsed.kind === 'repeatable') {
      if (repeatables.some((r) => r.name === parsed.name)) throw duplicate(dir, `R__${parsed.name}`, [repeatables.find((r) => r.name === parsed.name)!.file, file]);
      repeatables.push(migration);
      continue;
    }
    const existing = ups.get(key);
    if (existing) throw duplicate(dir, parsed.version, [existing.file, file]);
    ups.set(key, migration);
  }
  for (const [key, down] of downs) {
    const up = ups.get(key);
    if (!up) {
      const what = format === 'flyway' ? `a V${down.file.match(/U([\d._]+)__/)?.[1] ?? ''}__ file` : 'a matching .up.sql file';
      throw new UsageError(`Migration ${down.file} is an undo/down migration without ${what}; add the up migration or remove the file.`);
    }
    up.downSql = down.sql;
  }
  for (const [key, m] of ups) if (noTx.has(key)) m.noTransaction = true;
  for (const r of repeatables) if (noTx.has(`R:${r.name}`)) r.noTransaction = true;
  return [...ups.values(), ...repeatables];
}

/** dbmate's `-- migrate:up [transaction:false]` / `-- migrate:down` sections. */
function dbmateSections(file: string, text: string): Pick<Migration, 'upSql' | 'upStartLine' | 'downSql' | 'noTransaction'> {
  const lines = text.split('\n');
  let up: { line: number; options: string } | undefined;
  let down: number | undefined;
  lines.forEach((raw, i) => {
    const m = /^--\s*migrate:(up|down)(?:\s+(.*?))?\s*$/.exec(raw.replace(/\r$/, ''));
    if (!m) return;
    if (m[1] === 'up' && !up) up = { line: i, options: m[2] ?? '' };
    if (m[1] === 'down' && down === undefined) down = i;
  });
  if (!up) throw new UsageError(`Migration ${file} has no "-- migrate:up" line; dbmate needs one before the up SQL, so add it (and "-- migrate:down" before the rollback SQL).`);
  const section = (from: number) => {
    const to = down !== undefined && down > from ? down : lines.length;
    const until = up!.line > from && up!.line < to ? up!.line : to;
    return lines.slice(from + 1, until).join('\n');
  };
  return {
    upSql: section(up.line),
    upStartLine: up.line + 2,
    downSql: down === undefined ? undefined : section(down),
    noTransaction: /(^|\s)transaction:false(\s|$)/.test(up.options),
  };
}

function sortMigrations(migrations: Migration[]): Migration[] {
  // Versioned first in version order, then repeatables by name (Flyway applies them last).
  return migrations.sort((a, b) => {
    if ((a.version === '') !== (b.version === '')) return a.version === '' ? 1 : -1;
    return compareVersions(a.version, b.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  });
}

function rejectDuplicates(migrations: Migration[], dir: string): void {
  const seen = new Map<string, Migration>();
  for (const m of migrations) {
    const key = normalizeVersion(m.version);
    const other = seen.get(key);
    if (other) throw duplicate(dir, m.version, [other.file, m.file]);
    seen.set(key, m);
  }
}

function listFiles(dir: string, recursive: boolean): string[] {
  let entries: Dirent[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`Migrations directory ${dir} is not a directory; point it at the folder that holds the migration files.`);
    entries = readdirSync(dir, { withFileTypes: true, recursive });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`;
    throw new UsageError(`Migrations directory ${dir} ${why}; check the path (it is relative to the working directory) and its permissions.`, { cause: error });
  }
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join((e as Dirent & { parentPath?: string; path?: string }).parentPath ?? e.path ?? dir, e.name)))
    .filter((rel) => !rel.split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
}

function readText(file: string): { text: string; checksum: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`Migration file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions.`, { cause: error });
  }
  const checksum = createHash('sha256').update(bytes).digest('hex');
  return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), checksum };
}

function baseName(rel: string): string {
  return rel.split(/[\\/]/).pop()!;
}

function flywayDescription(raw: string): string {
  return raw.replace(/_/g, ' ');
}

function badName(file: string, format: string, expected: string): UsageError {
  return new UsageError(`Migration file ${file} does not follow the ${format} naming scheme; rename it to ${expected}.`);
}

function duplicate(dir: string, version: string, files: string[]): UsageError {
  return new UsageError(`Migrations directory ${dir} has two migrations with version ${version} (${files.join(' and ')}); give one of them a new version.`);
}

function unknownFormat(format: string): UsageError {
  return new UsageError(`Unknown migrations format "${format}"; use one of ${migrationFormats.join(', ')}.`);
}
