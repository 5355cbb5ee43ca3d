/**
 * restore-verify: read the dump, count the restored database (and the source), compare them table
 * by table, and report what is missing. Each step is a small module; this file only orders them.
 */
import type pg from 'pg';
import { CouldNotRunError, UsageError, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import { connectClient, parseConnection, type ConnectionTarget } from '@preflight/pg';
import { compareSides, sideFrom, type CountSide, type TableRow } from './compare.ts';
import { countTables, listTables, type Count, type LiveTable } from './db-counts.ts';
import { parseMinRows, type RestoreVerifyInputs } from './definition.ts';
import { readDump } from './dump/read-dump.ts';
import type { DumpSummary } from './dump/types.ts';
import { describeVersions, isVersionLedger, ledgerVersionsFromDb, ledgerVersionsFromDump, versionsAhead, type LedgerVersions } from './ledger.ts';
import { MANIFEST_FORMAT, readManifest, writeManifest } from './manifest.ts';
import { checkMinRows } from './min-rows.ts';
import { displayTable, tableKey } from './names.ts';
import { sequenceFindings } from './sequences.ts';
import { summaryTable } from './summary-table.ts';
import { formatCount } from './count-format.ts';

const COUNT_PARALLELISM = 4;

export async function runRestoreVerify(inputs: RestoreVerifyInputs, ctx: CheckContext): Promise<CheckResult> {
  const restoredTarget = inputs['database-url'] ? parseConnection(inputs['database-url'], { inputName: 'database-url', ...timeouts(inputs) }) : undefined;
  let restoreStarted = false;
  try {
    const result = await verify(inputs, ctx, restoredTarget, () => (restoreStarted = true));
    if (restoreStarted && inputs['drop-after']) result.stats = { ...result.stats, dropped: true };
    return result;
  } finally {
    // A scratch database goes away also when the verification failed or could not finish.
    if (restoreStarted && inputs['drop-after'] && restoredTarget) {
      const { dropDatabase } = await import('./restore.ts');
      await dropDatabase(restoredTarget, ctx);
    }
  }
}

/**
 * Every count ends within statement-timeout on the server (it cancels the query and says so): a
 * silence longer than that plus connect-timeout while a query runs means the server or the network
 * to it is gone (a stalled link would otherwise wait forever).
 */
function timeouts(inputs: RestoreVerifyInputs): { connectTimeoutMs: number; answerTimeoutMs?: number } {
  const statement = inputs['statement-timeout'];
  return { connectTimeoutMs: inputs['connect-timeout'], answerTimeoutMs: statement > 0 ? statement + inputs['connect-timeout'] : undefined };
}

async function verify(inputs: RestoreVerifyInputs, ctx: CheckContext, restoredTarget: ConnectionTarget | undefined, onRestore: () => void): Promise<CheckResult> {
  const findings: Finding[] = [];
  const stats: Record<string, number | string | boolean> = {};
  const minRows = parseMinRows(inputs['min-rows']);
  const sourceTarget = inputs['source-url'] ? parseConnection(inputs['source-url'], { inputName: 'source-url', ...timeouts(inputs) }) : undefined;
  const countOpts = { statementTimeoutMs: inputs['statement-timeout'], parallel: Math.max(COUNT_PARALLELISM, inputs.jobs), estimate: inputs.estimate };

  let dump: DumpSummary | undefined;
  if (inputs.dump) {
    const path = inputs.dump;
    dump = await ctx.log.group('Reading the dump', () => readDump(path));
    findings.push(...dumpFindings(dump, path));
    Object.assign(stats, dumpStats(dump));
    if (inputs['max-age'] !== undefined) findings.push(...ageFindings(dump, inputs['max-age'], path));
  }

  if (inputs.restore && dump && restoredTarget) {
    const { restoreDump } = await import('./restore.ts');
    findings.push(...(await ctx.log.group('Restoring the dump', () => restoreDump(inputs.dump!, dump!, restoredTarget, inputs, ctx, onRestore))));
  }

  if (inputs['check-schema'] && dump && restoredTarget) {
    const { checkSchema } = await import('./check-schema.ts');
    findings.push(...(await ctx.log.group("Comparing the restored schema with the dump's", () => checkSchema(inputs.dump!, dump!, restoredTarget, { timeoutMs: inputs['restore-timeout'], ctx }))));
  }

  const references: Array<{ side: CountSide; ledgers: LedgerVersions[] }> = [];
  if (sourceTarget) {
    const source = await ctx.log.group('Counting the source database', () => readLive(sourceTarget, 'the source database', countOpts));
    findings.push(...source.findings);
    references.push({ side: source.side, ledgers: source.ledgers });
    stats.sourceTables = source.side.tables.size;
    if (inputs['write-manifest']) {
      await writeManifest(inputs['write-manifest'], {
        format: MANIFEST_FORMAT,
        takenAt: new Date().toISOString(),
        source: sourceTarget.display,
        estimated: inputs.estimate,
        tables: [...source.side.tables.values()].flatMap(({ table, count }) => ('error' in count ? [] : [{ schema: table.schema, name: table.name, rows: count.rows }])),
        ledgers: source.ledgers,
      });
      stats.manifestWritten = inputs['write-manifest'];
    }
  }
  if (inputs.manifest) {
    const m = await readManifest(inputs.manifest);
    references.push({ side: sideFrom(`the manifest (${m.takenAt})`, m.tables.map((t) => ({ table: t, count: { rows: t.rows, estimated: m.estimated || undefined } }))), ledgers: m.ledgers });
  }

  let restored: CountSide | undefined;
  let restoredLedgers = new Map<string, string[] | { error: string } | undefined>();
  if (restoredTarget) {
    const wanted = new Map<string, { schema: string; name: string }>();
    for (const r of references) for (const [k, v] of r.side.tables) wanted.set(k, v.table);
    for (const t of dump?.tables ?? []) wanted.set(tableKey(t), t);
    const live = await ctx.log.group('Counting the restored database', () =>
      readLive(restoredTarget, 'the restored database', countOpts, async (client, tables) => {
        findings.push(...(await sequenceFindings(client)));
        const ledgerTables = [...tables.values()].filter((t) => isVersionLedger(t.name));
        for (const t of ledgerTables) restoredLedgers.set(tableKey(t), await ledgerVersionsFromDb(client, t));
        // Count what a reference names; with only thresholds, everything.
        return wanted.size > 0 ? [...tables.values()].filter((t) => wanted.has(tableKey(t))) : [...tables.values()];
      }),
    );
    findings.push(...live.findings);
    restored = live.side;
    stats.restoredTables = restored.tables.size;
    if (dump) references.unshift({ side: sideFrom('the dump', dump.tables.map((t) => ({ table: t, count: { rows: t.rows } }))), ledgers: ledgerVersionsFromDump(dump.ledgers) });
  } else if (dump) {
    // No restored database: the dump itself is what gets verified (e.g. against the live source).
    restored = sideFrom('the dump', dump.tables.map((t) => ({ table: t, count: { rows: t.rows } })));
    restoredLedgers = new Map(ledgerVersionsFromDump(dump.ledgers).map((l) => [tableKey(l), l.versions]));
  }

  const rows: TableRow[] = [];
  if (restored) {
    for (const ref of references) {
      if (ref.side === undefined || ref.side.label === restored.label) continue;
      const result = compareSides(restored, ref.side);
      findings.push(...result.findings);
      rows.push(...result.rows);
      findings.push(...ledgerFindings(restored.label, restoredLedgers, ref.side.label, ref.ledgers));
    }
    findings.push(...checkMinRows(minRows, restored, dump?.searchPath ?? []));
  }

  const beyondDump = Boolean(sourceTarget || inputs.manifest || minRows.length > 0);
  if (!beyondDump && (dump || restoredTarget)) {
    findings.push({
      rule: 'no-reference',
      severity: 'warning',
      object: inputs.dump ?? restoredTarget?.display ?? 'restore',
      message: `Only ${dump ? 'the dump' : 'the restored database itself'} was the reference: a restore of a partial dump matches that dump exactly. Give --source-url (the live source), --manifest (written at backup time with --write-manifest) or --min-rows TABLE=N.`,
    });
  }

  const table = summaryTable(rows, findings);
  return { findings, stats, summary: summaryLine(dump, restored, findings), ...(table ? { tables: [table] } : {}) };
}

interface LiveSide {
  side: CountSide;
  ledgers: LedgerVersions[];
  findings: Finding[];
}

/** Lists and counts a live database's tables; `pick` chooses which to count and may look around first. */
async function readLive(
  target: ConnectionTarget,
  label: string,
  opts: { statementTimeoutMs: number; parallel: number; estimate: boolean },
  pick?: (client: pg.Client, tables: Map<string, LiveTable>) => Promise<LiveTable[]>,
): Promise<LiveSide> {
  const client = await connectClient(target, { applicationName: 'preflight restore-verify' });
  try {
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(opts.statementTimeoutMs))}`);
    const tables = await listTables(client);
    const toCount = pick ? await pick(client, tables) : [...tables.values()];
    const ledgers: LedgerVersions[] = [];
    if (!pick) {
      for (const t of tables.values()) {
        if (!isVersionLedger(t.name)) continue;
        const v = await ledgerVersionsFromDb(client, t);
        if (Array.isArray(v)) ledgers.push({ schema: t.schema, name: t.name, versions: v });
      }
    }
    const counts = await countTables(target, toCount, { ...opts, label }, client);
    const entries: Array<{ table: LiveTable; count: Count }> = [...tables.values()].map((t) => ({ table: t, count: counts.get(tableKey(t)) ?? { error: 'not counted' } }));
    return { side: sideFrom(label, entries.filter((e) => counts.has(tableKey(e.table)) || !pick)), ledgers, findings: [] };
  } catch (error) {
    // Listing the tables or reading a ledger on a connection that broke: could not look (exit 3).
    if (error instanceof CouldNotRunError || error instanceof UsageError) throw error;
    throw new CouldNotRunError(`Reading ${label} (${target.display}) failed: ${(error as Error).message ?? String(error)}.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function dumpFindings(dump: DumpSummary, path: string): Finding[] {
  return dump.problems.map((p) => ({
    rule: p.rule,
    severity: 'error' as const,
    object: p.object === 'dump' ? path : p.object,
    message: p.message,
    file: path,
    ...(p.line !== undefined && (dump.format === 'plain') ? { line: p.line } : {}),
  }));
}

function dumpStats(dump: DumpSummary): Record<string, number | string | boolean> {
  const s: Record<string, number | string | boolean> = {
    dumpFormat: dump.format,
    dumpTables: dump.tables.length,
    dumpRows: dump.tables.reduce((a, t) => a + t.rows, 0),
    dumpComplete: dump.complete && dump.problems.length === 0,
  };
  if (dump.header.takenAt) s.dumpTakenAt = dump.header.takenAt.toISOString();
  if (dump.header.dbname) s.dumpDatabase = dump.header.dbname;
  if (dump.header.serverVersion) s.dumpServerVersion = dump.header.serverVersion;
  if (dump.header.dumpVersion) s.pgDumpVersion = dump.header.dumpVersion;
  if (dump.header.archiveVersion) s.archiveVersion = dump.header.archiveVersion;
  return s;
}

function ageFindings(dump: DumpSummary, maxAgeMs: number, path: string): Finding[] {
  const at = dump.header.takenAt;
  if (!at) {
    return [{ rule: 'dump-age-unknown', severity: 'error', object: path, file: path, message: `The dump has no timestamp in its header, so --max-age ${formatAge(maxAgeMs)} cannot be checked (plain dumps carry one only with pg_dump --verbose; custom, directory and tar always do).` }];
  }
  const age = Date.now() - at.getTime();
  if (age <= maxAgeMs) return [];
  return [{ rule: 'dump-too-old', severity: 'error', object: path, file: path, message: `The dump was taken ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC${dump.header.dbname ? ` from database ${dump.header.dbname}` : ''}, ${formatAge(age)} ago (max-age ${formatAge(maxAgeMs)}).` }];
}

function formatAge(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 48) return `${Math.floor(h / 24)} days`;
  if (h >= 1) return `${Math.floor(h)}h`;
  return `${Math.max(1, Math.round(ms / 60_000))}m`;
}

function ledgerFindings(restoredLabel: string, restored: Map<string, string[] | { error: string } | undefined>, refLabel: string, refLedgers: LedgerVersions[]): Finding[] {
  const out: Finding[] = [];
  for (const l of refLedgers) {
    const object = displayTable(l);
    const got = restored.get(tableKey(l));
    if (got === undefined) continue; // the table itself is reported as missing
    if (!Array.isArray(got)) {
      out.push({ rule: 'count-failed', severity: 'error', object, message: `${object}: the ledger in ${restoredLabel} could not be read (${got.error}).` });
      continue;
    }
    if (got.join('\n') === l.versions.join('\n')) continue;
    const newer = versionsAhead(l.versions, got, l.name);
    if (newer) {
      out.push({ rule: 'ledger-ahead', severity: 'warning', object, message: `${object}: ${restoredLabel} records every version of ${refLabel} and ${newer.length} more (${describeVersions(newer)}): migrations applied after it was taken.` });
      continue;
    }
    out.push({ rule: 'ledger-mismatch', severity: 'error', object, message: `${object}: ${refLabel} records ${describeVersions(l.versions)}, ${restoredLabel} ${describeVersions(got)}.` });
  }
  return out;
}

function summaryLine(dump: DumpSummary | undefined, restored: CountSide | undefined, findings: Finding[]): string {
  const parts: string[] = [];
  if (dump) parts.push(`${dump.format} dump: ${dump.tables.length} tables, ${formatCount(dump.tables.reduce((a, t) => a + t.rows, 0))} rows`);
  if (restored && restored.label !== 'the dump') parts.push(`${restored.tables.size} tables counted in the restored database`);
  const short = findings.filter((f) => f.rule === 'rows-missing' || f.rule === 'table-missing').length;
  if (short) parts.push(`${short} table${short === 1 ? '' : 's'} incomplete`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  parts.push(errors ? `${errors} blocking finding${errors === 1 ? '' : 's'}` : 'complete');
  return parts.join('; ');
}
