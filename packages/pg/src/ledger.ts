/**
 * Migration ledgers: the tables where migration tools record what they applied. Reading them tells
 * us what the database claims ("at head"); schema-verify compares that claim with what the
 * migrations expect and with the actual schema, because the outage we prevent is a ledger that
 * says head while the schema says otherwise (or a ledger left dirty/failed by a crashed deploy).
 */
import { compareVersions, normalizeVersion, sortVersions } from '@preflight/migrations';
import type pg from 'pg';
import { CouldNotRunError, redact, type Finding, type RuleDoc } from '@preflight/core';
import { quoteIdent } from './quote.ts';

export type LedgerTool = 'alembic' | 'flyway' | 'prisma' | 'dbmate' | 'golang-migrate' | 'rails' | 'django' | 'preflight';

export interface LedgerState {
  tool: LedgerTool;
  /** Schema-qualified table, e.g. public.alembic_version. */
  table: string;
  /** Latest applied version (undefined when none, or when alembic has several heads). */
  head?: string;
  /** Applied versions, sorted (natural order: 2 < 10). */
  versions: string[];
  /** golang-migrate's dirty flag: a migration failed half-way. */
  dirty?: boolean;
  /** Versions (or names) recorded as failed: Flyway success=false, unfinished Prisma migrations. */
  failed: string[];
  /** alembic_version rows; more than one means several heads. */
  heads?: string[];
  /**
   * Set when the connected role may not read the table (no SELECT on it, or no USAGE on its
   * schema): nothing about the versions is known, and the GRANTs in `grant` would fix that.
   */
  unreadable?: { role: string; grant: string };
}

/** What the migrations say the database should be at. */
export interface ExpectedLedger {
  tool?: string;
  head?: string;
  versions?: string[];
  /** Heads of the alembic versions directory (alembicHeads); more than one blocks. */
  heads?: string[];
  /** Names the source of `heads` in findings, e.g. alembic/versions. */
  source?: string;
  /**
   * Other names of the head migration: another tool's ledger may record the file's full stem
   * (alembic revision `0002_add_nit_field_to_invoices` for file `0002_add_nit_field_to_invoices.sql`).
   */
  headAliases?: string[];
}

function isExpectedHead(version: string | undefined, expected: ExpectedLedger): boolean {
  if (version === undefined || !expected.head) return false;
  return normalize(version) === normalize(expected.head) || (expected.headAliases ?? []).includes(version);
}

/** Table names of every ledger we know, so a schema diff can leave them out. */
export const ledgerTableNames = ['alembic_version', 'flyway_schema_history', '_prisma_migrations', 'schema_migrations', 'django_migrations', 'ar_internal_metadata'] as const;

/** The table each tool writes by default, used to name the ledger when the database has none. */
const defaultTable: Record<LedgerTool, string> = {
  alembic: 'public.alembic_version',
  flyway: 'public.flyway_schema_history',
  prisma: 'public._prisma_migrations',
  dbmate: 'public.schema_migrations',
  'golang-migrate': 'public.schema_migrations',
  rails: 'public.schema_migrations',
  django: 'public.django_migrations',
  preflight: 'preflight.schema_migrations',
};

interface Candidate {
  schema: string;
  name: string;
  columns: string[];
}

/**
 * Every ledger table in the database. Call it outside a transaction: a table the role may not read
 * fails its own statement only, and comes back with `unreadable` set instead of stopping the read.
 */
export async function readLedgers(client: pg.Client): Promise<LedgerState[]> {
  const candidates = await query<Candidate>(
    client,
    `SELECT n.nspname AS schema, c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p')
        AND c.relname = ANY($1::text[])
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
      GROUP BY n.nspname, c.relname
      ORDER BY n.nspname, c.relname`,
    [ledgerTableNames],
    'the list of tables',
  );
  const railsSchemas = new Set(candidates.filter((c) => c.name === 'ar_internal_metadata').map((c) => c.schema));
  const out: LedgerState[] = [];
  for (const c of candidates) {
    if (!toolOf(c)) continue;
    try {
      const state = await readLedger(client, c, railsSchemas);
      if (state) out.push(state);
    } catch (error) {
      // A role that may read the catalog but not this table: the schema can still be compared,
      // so the ledger becomes a finding of its own instead of stopping the check.
      if (!(error instanceof LedgerPermissionError)) throw error;
      out.push(await unreadableLedger(client, c, railsSchemas));
    }
  }
  return out;
}

/** Reads one candidate table; undefined when its columns are not a ledger we know. */
async function readLedger(client: pg.Client, c: Candidate, railsSchemas: Set<string>): Promise<LedgerState | undefined> {
  const has = (...cols: string[]) => cols.every((col) => c.columns.includes(col));
  const table = `${c.schema}.${c.name}`;
  const from = `${quoteIdent(c.schema)}.${quoteIdent(c.name)}`;
  switch (toolOf(c)) {
    case 'alembic':
      return readAlembic(client, table, from);
    case 'flyway':
      return readFlyway(client, table, from, has('type'));
    case 'prisma':
      return readPrisma(client, table, from);
    case 'django': {
      const rows = await query<{ v: string }>(client, `SELECT app || '.' || name AS v FROM ${from} ORDER BY ${has('id') ? 'id' : 'applied'}`, [], table);
      return ledger('django', table, rows.map((r) => r.v), rows[rows.length - 1]?.v);
    }
    case 'preflight': {
      const rows = await query<{ v: string }>(client, `SELECT version::text AS v FROM ${from} WHERE version <> ''`, [], table);
      return ledger('preflight', table, rows.map((r) => r.v));
    }
    case 'golang-migrate': {
      // golang-migrate keeps one row: the current version and whether it failed half-way.
      const rows = await query<{ v: string; dirty: boolean }>(client, `SELECT version::text AS v, dirty FROM ${from}`, [], table);
      return { ...ledger('golang-migrate', table, rows.map((r) => r.v)), dirty: rows.some((r) => r.dirty) };
    }
    case 'dbmate': {
      // Rails and dbmate write the same table; Rails also keeps ar_internal_metadata next to it.
      const rows = await query<{ v: string }>(client, `SELECT version::text AS v FROM ${from}`, [], table);
      return ledger(railsSchemas.has(c.schema) ? 'rails' : 'dbmate', table, rows.map((r) => r.v));
    }
    default:
      return undefined;
  }
}

/** The tool a ledger table belongs to, from its name and columns alone (its rows are unreadable). */
function toolOf(c: Candidate): LedgerTool | undefined {
  const has = (...cols: string[]) => cols.every((col) => c.columns.includes(col));
  if (c.name === 'alembic_version' && has('version_num')) return 'alembic';
  if (c.name === 'flyway_schema_history' && has('installed_rank', 'version', 'success')) return 'flyway';
  if (c.name === '_prisma_migrations' && has('migration_name', 'finished_at', 'rolled_back_at')) return 'prisma';
  if (c.name === 'django_migrations' && has('app', 'name')) return 'django';
  if (c.name === 'schema_migrations' && has('version')) {
    if (c.schema === 'preflight' && has('name', 'checksum')) return 'preflight';
    return has('dirty') ? 'golang-migrate' : 'dbmate';
  }
  return undefined;
}

async function unreadableLedger(client: pg.Client, c: Candidate, railsSchemas: Set<string>): Promise<LedgerState> {
  const { rows } = await client.query<{ role: string; usage: boolean }>(
    'SELECT current_user AS role, has_schema_privilege(current_user, $1::text, \'USAGE\') AS usage',
    [c.schema],
  );
  const { role, usage } = rows[0];
  const qualified = `${quoteIdent(c.schema)}.${quoteIdent(c.name)}`;
  const grants = [...(usage ? [] : [`GRANT USAGE ON SCHEMA ${quoteIdent(c.schema)} TO ${quoteIdent(role)};`]), `GRANT SELECT ON ${qualified} TO ${quoteIdent(role)};`];
  const tool = toolOf(c) === 'dbmate' && railsSchemas.has(c.schema) ? 'rails' : toolOf(c)!;
  return { tool, table: `${c.schema}.${c.name}`, versions: [], failed: [], unreadable: { role, grant: grants.join('\n') } };
}

async function readAlembic(client: pg.Client, table: string, from: string): Promise<LedgerState> {
  const rows = await query<{ v: string }>(client, `SELECT version_num::text AS v FROM ${from}`, [], table);
  const heads = rows.map((r) => r.v).sort();
  // alembic_version holds only the current head(s), not the history.
  return { tool: 'alembic', table, head: heads.length === 1 ? heads[0] : undefined, versions: heads, failed: [], heads };
}

async function readFlyway(client: pg.Client, table: string, from: string, hasType: boolean): Promise<LedgerState> {
  const rows = await query<{ version: string | null; description: string | null; type: string | null; success: boolean }>(
    client,
    `SELECT version::text AS version, description::text AS description, ${hasType ? 'type::text' : 'NULL::text'} AS type, success FROM ${from} ORDER BY installed_rank`,
    [],
    table,
  );
  const applied = new Set<string>();
  const failed: string[] = [];
  for (const r of rows) {
    if (!r.success) {
      failed.push(r.version ?? `R ${r.description ?? ''}`.trim());
    } else if (r.version && r.type !== 'SCHEMA') {
      // A successful undo removes its version again (Flyway Teams `undo`).
      if (r.type?.startsWith('UNDO')) applied.delete(r.version);
      else applied.add(r.version);
    }
  }
  return { ...ledger('flyway', table, [...applied]), failed };
}

async function readPrisma(client: pg.Client, table: string, from: string): Promise<LedgerState> {
  const rows = await query<{ name: string; finished: boolean; rolled_back: boolean }>(
    client,
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM ${from} ORDER BY started_at`,
    [],
    table,
  );
  // Prisma's own rule: unfinished and not marked rolled back = failed, and `migrate deploy` refuses
  // to run until someone resolves it. Rolled-back rows are history, neither applied nor failed.
  const applied = rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.name);
  const failed = rows.filter((r) => !r.finished && !r.rolled_back).map((r) => r.name);
  return { ...ledger('prisma', table, applied), failed };
}

function ledger(tool: LedgerTool, table: string, versions: string[], head?: string): LedgerState {
  const sorted = sortVersions(new Set(versions));
  return { tool, table, head: head ?? sorted[sorted.length - 1], versions: sorted, failed: [] };
}

/** permission denied (SQLSTATE 42501) on a ledger table: readLedgers reports it as ledger-unreadable. */
class LedgerPermissionError extends CouldNotRunError {}

async function query<R>(client: pg.Client, text: string, params: unknown[], what: string): Promise<R[]> {
  try {
    return (await client.query(text, params)).rows as R[];
  } catch (error) {
    const Failure = (error as { code?: string }).code === '42501' ? LedgerPermissionError : CouldNotRunError;
    throw new Failure(`Could not read the migration ledger (${what}): ${redact((error as Error).message)}; grant the user SELECT on it.`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Findings

export type LedgerRule = RuleDoc;

export const ledgerRules: LedgerRule[] = [
  {
    id: 'ledger-missing',
    title: 'No migration ledger in the database',
    severity: 'warning',
    description: 'The migrations define a head, but the database has no ledger table of any known tool. The schema diff still decides; this only says nothing records which migrations ran.',
    example: 'No migration ledger found in the database, but the migrations expect head 0002.',
    fix: 'Apply migrations with a tool that records them (or `preflight migrate-direct --baseline VERSION` to adopt an existing database).',
  },
  {
    id: 'ledger-behind',
    title: 'Migration ledger is behind the migrations',
    severity: 'error',
    description: 'The migrations in the repository include versions the database ledger has not recorded: deploying code that expects them would run against an older schema.',
    example: 'public.alembic_version at 1a2b3c4d5e6f, but the migrations expect head 9f8e7d6c5b4a.',
    fix: 'Run the migrations (e.g. `alembic upgrade head`, `dbmate up`) against this database before deploying, or check why the last deploy skipped them.',
  },
  {
    id: 'ledger-ahead',
    title: 'Migration ledger has versions the migrations do not know',
    severity: 'warning',
    description: 'The database recorded migrations that are not in the repository: it was migrated from another branch or a newer release, and this code may not match its schema.',
    example: 'public.schema_migrations has 20240301120000, which is not in db/migrations.',
    fix: 'Merge the missing migration files into this branch, or roll the database back to the version this code expects.',
  },
  {
    id: 'ledger-dirty',
    title: 'golang-migrate ledger is dirty',
    severity: 'error',
    description: 'golang-migrate marks the version dirty when a migration failed half-way; the schema is in an unknown, partly migrated state and `migrate up` refuses to run.',
    example: 'public.schema_migrations is dirty at version 42.',
    fix: 'Inspect what migration 42 left behind, repair the schema by hand, then `migrate force 41` (or 42 if it completed) and rerun.',
  },
  {
    id: 'ledger-failed',
    title: 'Migration ledger records a failed migration',
    severity: 'error',
    description: 'Flyway (success = false) or Prisma (started but neither finished nor rolled back) recorded a migration that failed; the schema is partly migrated and the tool blocks further migrations.',
    example: 'public._prisma_migrations: 20240101000000_add_orders failed.',
    fix: 'Fix the schema, then `flyway repair` or `prisma migrate resolve --rolled-back <name>` (or `--applied`) and deploy again.',
  },
  {
    id: 'ledger-multiple-heads',
    title: 'Alembic has more than one head',
    severity: 'error',
    description: 'Two alembic branches were merged without a merge revision (several heads in alembic/versions), or alembic_version holds several rows; `alembic upgrade head` fails or applies only one branch.',
    example: 'alembic/versions has 2 heads: 1a2b3c4d5e6f, 9f8e7d6c5b4a.',
    fix: 'Create a merge revision: `alembic merge -m "merge heads" heads`, commit it, and upgrade.',
  },
  {
    id: 'ledger-unreadable',
    title: 'Migration ledger cannot be read',
    severity: 'error',
    description:
      'The role Preflight connects as may read the schema but not the ledger table (no SELECT on it, or no USAGE on its schema), so which migrations ran is unknown. The schema is still compared and its drift reported in the same run.',
    example: 'public.alembic_version cannot be read by role readonly (permission denied), so the migrations it records are unknown; the schema was compared without it.',
    fix: 'GRANT SELECT ON public.alembic_version TO readonly; (the finding\'s fix names the exact table and role)',
  },
];

const rule = (id: string) => ledgerRules.find((r) => r.id === id)!;
const finding = (id: string, object: string, message: string): Finding => {
  const r = rule(id);
  return { rule: id, severity: r.severity, object, message: redact(message), fix: r.fix };
};

// alembic and golang-migrate keep only the current version, so only heads can be compared.
const headOnly = new Set<string>(['alembic', 'golang-migrate']);

export function ledgerFindings(all: LedgerState[], expected: ExpectedLedger | undefined, driftCount: number): { findings: Finding[]; summary?: string } {
  const findings: Finding[] = [];
  const unreadable = all.filter((l) => l.unreadable);
  for (const l of unreadable) {
    const { role, grant } = l.unreadable!;
    findings.push({
      ...finding('ledger-unreadable', l.table, `${l.table} cannot be read by role ${role} (permission denied), so the migrations it records are unknown; the schema was compared without it.`),
      fix: grant,
    });
  }
  const live = all.filter((l) => !l.unreadable);
  for (const l of live) {
    if (l.dirty) findings.push(finding('ledger-dirty', l.table, `${l.table} is dirty at version ${l.head ?? '?'}: a migration failed half-way.`));
    if (l.failed.length) findings.push(finding('ledger-failed', l.table, `${l.table} records ${plural(l.failed.length, 'failed migration')}: ${list(l.failed)}.`));
    if (l.heads && l.heads.length > 1) findings.push(finding('ledger-multiple-heads', l.table, `${l.table} has ${l.heads.length} rows (heads ${list(l.heads)}); the database is on several alembic branches.`));
  }
  if (expected?.heads && expected.heads.length > 1) {
    const source = expected.source ?? 'alembic/versions';
    findings.push(finding('ledger-multiple-heads', source, `${source} has ${expected.heads.length} heads: ${list(expected.heads)}.`));
  }

  const hasExpectation = expected !== undefined && (expected.head !== undefined || expected.versions !== undefined);
  const chosen = pickLedger(live, expected);
  let position: 'head' | 'behind' | 'ahead' | 'unknown' = 'unknown';

  if (hasExpectation && !chosen && unreadable.length > 0) {
    // Not missing, just unreadable: reported above; which version it is at stays unknown.
  } else if (hasExpectation && !chosen) {
    const object = expected.tool && expected.tool in defaultTable ? defaultTable[expected.tool as LedgerTool] : 'migration ledger';
    const want = expected.head ? `head ${expected.head}` : plural(expected.versions!.length, 'migration');
    if (expected.head || expected.versions!.length) {
      findings.push(finding('ledger-missing', object, `No migration ledger found in the database, but the migrations expect ${want}.`));
    }
  } else if (hasExpectation && chosen) {
    position = compare(chosen, expected, findings);
  }

  return { findings, summary: summarize(chosen ?? unreadable[0], expected, position, driftCount) };
}

function pickLedger(live: LedgerState[], expected: ExpectedLedger | undefined): LedgerState | undefined {
  if (live.length === 0) return undefined;
  const sameTool = expected?.tool ? live.filter((l) => l.tool === expected.tool) : [];
  const pool = sameTool.length ? sameTool : live;
  if (expected?.head) {
    const atHead = pool.find((l) => isExpectedHead(l.head, expected));
    if (atHead) return atHead;
  }
  if (expected?.versions?.length) {
    const want = new Set(expected.versions.map(normalize));
    const overlap = (l: LedgerState) => l.versions.filter((v) => want.has(normalize(v))).length;
    return [...pool].sort((a, b) => overlap(b) - overlap(a))[0];
  }
  // Preflight's own ledger sits next to the tool's; the tool's is the one users know.
  return pool.find((l) => l.tool !== 'preflight') ?? pool[0];
}

function compare(l: LedgerState, expected: ExpectedLedger, findings: Finding[]): 'head' | 'behind' | 'ahead' | 'unknown' {
  const expectedVersions = expected.versions;
  if (headOnly.has(l.tool) || !expectedVersions) {
    if (expected.head === undefined || expected.head === '') return 'unknown';
    if (l.heads && l.heads.length > 1) return 'unknown'; // reported as ledger-multiple-heads
    if (isExpectedHead(l.head, expected)) return 'head';
    const liveHead = l.head;
    let ahead = false;
    if (liveHead === undefined || l.tool === 'alembic') {
      // Alembic revision ids carry no order and no ledger keeps the history: any other revision
      // than the expected head blocks, whether older or from another branch.
      ahead = false;
    } else if (/^\d+(\.\d+)*$/.test(liveHead) && /^\d+(\.\d+)*$/.test(expected.head)) {
      ahead = compareVersions(liveHead, expected.head) > 0;
    } else if (expectedVersions) {
      ahead = !expectedVersions.some((v) => normalize(v) === normalize(liveHead));
    } else {
      ahead = l.versions.some((v) => normalize(v) === normalize(expected.head!));
    }
    if (ahead) {
      findings.push(finding('ledger-ahead', l.table, `${l.table} is at ${liveHead}, ahead of the migrations' head ${expected.head}: the database was migrated by newer or other code.`));
      return 'ahead';
    }
    findings.push(finding('ledger-behind', l.table, `${l.table} is at ${liveHead ?? 'no version'}, but the migrations expect head ${expected.head}.`));
    return 'behind';
  }
  const liveSet = new Set(l.versions.map(normalize));
  const wantSet = new Set(expectedVersions.map(normalize));
  const missing = expectedVersions.filter((v) => !liveSet.has(normalize(v)));
  const extra = l.versions.filter((v) => !wantSet.has(normalize(v)));
  if (missing.length) {
    findings.push(finding('ledger-behind', l.table, `${l.table} lacks ${plural(missing.length, 'migration')} the repository has: ${list(missing)}.`));
  }
  if (extra.length) {
    findings.push(finding('ledger-ahead', l.table, `${l.table} has ${plural(extra.length, 'migration')} the repository does not: ${list(extra)}.`));
  }
  if (missing.length) return 'behind';
  if (extra.length) return 'ahead';
  return 'head';
}

function summarize(l: LedgerState | undefined, expected: ExpectedLedger | undefined, position: string, driftCount: number): string | undefined {
  const drift = driftCount > 0 ? `${plural(driftCount, 'object')} ${driftCount === 1 ? 'differs' : 'differ'}` : '';
  if (!l) {
    if (!expected?.head && !expected?.versions?.length) return undefined;
    const want = expected.head ? `, expected head ${expected.head}` : '';
    return `no migration ledger found${want}${drift ? `, and ${drift}` : ''}`;
  }
  const name = l.table.startsWith('public.') ? l.table.slice('public.'.length) : l.table;
  const at = l.heads && l.heads.length > 1 ? l.heads.join(', ') : (l.head ?? 'no version');
  let text = l.unreadable ? `ledger ${name} unreadable by role ${l.unreadable.role}` : `ledger ${name} at ${at}`;
  if (position === 'head') text += ' (head)';
  else if (position === 'behind') text += `, behind ${expected?.head ? `head ${expected.head}` : 'the migrations'}`;
  else if (position === 'ahead') text += `, ahead of ${expected?.head ? `head ${expected.head}` : 'the migrations'}`;
  if (drift) text += position === 'head' ? `, but ${drift}` : `, and ${drift}`;
  return text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(items: string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}

const normalize = normalizeVersion;
