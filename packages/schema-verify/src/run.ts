/**
 * schema-verify end to end: build the expected model (reference database, schema file, migrations
 * or migrate command on a shadow database, or a snapshot) and the live model side by side, diff
 * them, add the tenant-RLS and ledger findings, and write the fix script and snapshot files.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type pg from 'pg';
import { UsageError, labelOf, writeFileAtomic, writeJsonFileAtomic, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import { alembicHeads, readMigrationsDir, type MigrationFormatChoice } from '@preflight/migrations';
import { connectClient, ledgerFindings, ledgerTableNames, parseConnection, readLedgers, type ExpectedLedger, type LedgerState } from '@preflight/pg';
import { expectedSources, type SchemaVerifyInputs } from './definition.ts';
import { introspect } from './introspect.ts';
import { diffSchemas } from './diff/index.ts';
import { fixScript } from './fix-order.ts';
import { emptyModel, type SchemaModel } from './model.ts';
import { rlsFindings } from './rls.ts';
import { appRoleFindings, readAppRole, type AppRoleFacts } from './app-role.ts';
import { settleRewrites } from './canonical.ts';
import { readSnapshot, toSnapshot } from './snapshot.ts';
import { loadSqlFile } from './expected/load-sql.ts';
import { applyMigrations } from './expected/migrations.ts';
import { createdNothing, runMigrateCommand } from './expected/command.ts';
import { withShadowDatabase } from './expected/shadow.ts';

export interface Side {
  model: SchemaModel;
  /** The expected side could not be built as asked (a migrate command that created nothing): report these alone. */
  findings?: Finding[];
  ledger?: ExpectedLedger;
  ledgers?: LedgerState[];
  /** The live side's facts about --app-role, read only when it is given. */
  appRole?: AppRoleFacts;
  /** Where the model came from, for the summary. */
  label: string;
}

/** Migration ledgers are bookkeeping, not schema: they never count as drift. */
const ledgerIgnores = [...ledgerTableNames.flatMap((t) => [`*.${t}`, `*.${t}.*`, `*.${t}_*`]), 'preflight', 'preflight.*'];

export async function verifySchema(inputs: SchemaVerifyInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = Date.now();
  const timeout = inputs['connect-timeout'];
  const options = { schemas: inputs.schemas.length ? inputs.schemas : undefined, ignorePrivileges: inputs['ignore-privileges'] };
  const answerTimeoutMs = inputs['query-timeout'];
  const live = inputs['database-url'] ? parseConnection(inputs['database-url'], { inputName: 'database-url', connectTimeoutMs: timeout, answerTimeoutMs }) : undefined;
  checkReadable(inputs, ctx);

  const settled = await Promise.allSettled([
    loadExpected(inputs, ctx, options, live?.scheme),
    live
      ? ctx.log.group(`Introspecting ${live.display}`, () =>
          // Alone on the machine (snapshot, or no expected side), the live side reads on two
          // connections at once; next to another introspection the two cores are already busy.
          readLive(inputs, options, live.display, () => connectClient(live, { applicationName: 'preflight schema-verify' }), inputs['expected-snapshot'] !== undefined || !hasExpectedSource(inputs)),
        )
      : undefined,
  ]);
  // Both sides finish (a shadow database is always dropped); then the most actionable error wins:
  // a file or input to fix (exit 2) before a server that could not be reached (exit 3).
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((e) => e instanceof UsageError) ?? failures[0];
  const [expected, actual] = settled.map((r) => (r as PromiseFulfilledResult<Side | undefined>).value);
  if (expected?.findings) {
    // Diffing against an empty expected schema would bury the cause under one extra-* warning per object.
    return { findings: expected.findings, summary: 'the migrate command created nothing in the shadow database', stats: { expected: expected.label, durationMs: Date.now() - started } };
  }
  checkSchemasExist(inputs.schemas, [expected?.model, actual?.model], ctx);

  if (inputs['write-snapshot']) {
    const side = expected ?? actual!;
    writeJsonFileAtomic(inputs['write-snapshot'], JSON.parse(toSnapshot(side.model, { ledger: side.ledger })), 'write-snapshot');
    ctx.log.info(`snapshot of ${side.label} written to ${inputs['write-snapshot']}`);
  }
  if (!expected || !actual) {
    return { findings: [], summary: `snapshot of ${(expected ?? actual)!.label} written to ${inputs['write-snapshot']}`, stats: { durationMs: Date.now() - started } };
  }

  return compareSides(inputs, ctx, expected, actual, () => connectClient(live!, { applicationName: 'preflight schema-verify' }), started);
}

/**
 * The comparison of one live database with the expected side, after both were read: the diff
 * (definitions the server rewrites settled on the live server first), tenant RLS, the ledger,
 * and the fix script. A fleet run calls it once per target with the one expected side.
 */
export async function compareSides(
  inputs: SchemaVerifyInputs,
  ctx: CheckContext,
  expected: Side,
  actual: Side,
  connectLive: () => Promise<pg.Client>,
  started: number,
): Promise<CheckResult> {
  // Text that differs only by the server's own rewriting (a dump and restore) is not drift.
  const rewrites = await settleRewrites(connectLive, expected.model, actual.model);
  if (rewrites.settled > 0) {
    ctx.log.info(`${rewrites.settled} definition${rewrites.settled === 1 ? '' : 's'} differ${rewrites.settled === 1 ? 's' : ''} only as the server rewrites ${rewrites.settled === 1 ? 'it' : 'them'} (same text after a round trip through the server); not drift`);
  }
  if (rewrites.error) {
    ctx.log.warn(`Could not re-read ${rewrites.candidates} differing definition${rewrites.candidates === 1 ? '' : 's'} through the live server (${rewrites.error}); ${rewrites.candidates === 1 ? 'it is' : 'they are'} compared as text, which may report a dump-and-restore rewrite as drift (grant the role TEMPORARY on the database, or connect to the primary, to re-read ${rewrites.candidates === 1 ? 'it' : 'them'}).`);
  }
  const drift = diffSchemas(rewrites.model, actual.model, {
    strict: inputs.strict,
    ignorePrivileges: inputs['ignore-privileges'],
    ignore: [...ledgerIgnores, ...inputs.ignore],
  });
  const rls = rlsFindings(actual.model, inputs['require-rls-for']);
  if (actual.appRole) rls.push(...appRoleFindings(actual.model, inputs['require-rls-for'], actual.appRole));
  const ledger = ledgerFindings(actual.ledgers ?? [], expected.ledger, drift.length);
  const findings: Finding[] = [...drift, ...rls, ...ledger.findings];

  if (inputs['fix-sql']) {
    writeFileAtomic(inputs['fix-sql'], fixScript(drift), 'fix-sql');
    ctx.log.info(`fix script with ${drift.filter((f) => f.fix).length} statements written to ${inputs['fix-sql']}`);
  }
  const differ = `${drift.length} object${drift.length === 1 ? '' : 's'} differ${drift.length === 1 ? 's' : ''}`;
  const summary = ledger.summary ?? (drift.length === 0 ? `schema matches ${expected.label}` : `${differ} from ${expected.label}`);
  return {
    findings,
    summary,
    stats: {
      expected: expected.label,
      tables: Object.keys(actual.model.tables).length,
      drift: drift.length,
      durationMs: Date.now() - started,
    },
  };
}

/** Reads the live side: the model (on two connections when `twoConnections`), its ledgers, and --app-role's facts. */
export async function readLive(
  inputs: SchemaVerifyInputs,
  options: Parameters<typeof introspect>[1],
  label: string,
  connect: () => Promise<pg.Client>,
  twoConnections: boolean,
): Promise<Side> {
  const client = await connect();
  try {
    const model = await introspect(client, { ...options, connect: twoConnections ? connect : undefined });
    const appRole = inputs['app-role'] !== undefined ? await readAppRole(client, inputs['app-role']) : undefined;
    return { model, ledgers: await readLedgers(client), appRole, label };
  } finally {
    await client.end().catch(() => {});
  }
}

async function withConnected<T>(target: ReturnType<typeof parseConnection>, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient(target, { applicationName: 'preflight schema-verify' });
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** liveScheme: --database-url's scheme; a postgresql+driver:// one is what the migrate command gets back. */
export async function loadExpected(inputs: SchemaVerifyInputs, ctx: CheckContext, options: Parameters<typeof introspect>[1], liveScheme?: string): Promise<Side | undefined> {
  const snapshotFile = inputs['expected-snapshot'];
  if (snapshotFile) {
    const snapshot = readSnapshot(readFileSync(snapshotFile, 'utf8'), snapshotFile);
    return { model: snapshot.model, ledger: snapshot.ledger, label: `snapshot ${snapshotFile}` };
  }
  if (inputs['expected-url']) {
    const target = parseConnection(inputs['expected-url'], { inputName: 'expected-url', connectTimeoutMs: inputs['connect-timeout'], answerTimeoutMs: inputs['query-timeout'] });
    return ctx.log.group(`Introspecting the reference database ${target.display}`, () =>
      withConnected(target, async (client) => {
        // A reference ledger we may not read says nothing about the expected head.
        const ledger = (await readLedgers(client)).find((l) => !l.unreadable);
        return { model: await introspect(client, options), ledger, label: target.display };
      }),
    );
  }
  const schemaFile = inputs['expected-schema'];
  const dir = inputs.migrations;
  const command = inputs['migrate-command'];
  if (!schemaFile && !dir && !command) return undefined;
  // Read and validate migration files before starting or touching any server.
  const read = dir
    ? readMigrationsDir(dir, inputs['migrations-format'] as MigrationFormatChoice, {
        optionLabel: labelOf('migrations', ctx.source),
        alembicHint: ctx.source === 'cli' ? "--migrate-command 'alembic upgrade head'" : 'input migrate-command: alembic upgrade head',
      })
    : undefined;
  const label = schemaFile ?? (dir ? `migrations in ${dir}` : `"${command}"`);
  return ctx.log.group(`Building the expected schema from ${label} on a shadow database`, () =>
    withShadowDatabase(inputs['shadow-url'], async ({ url, client }) => {
      let ledger: ExpectedLedger | undefined;
      if (schemaFile) await loadSqlFile(client, schemaFile, { createMissingRoles: !inputs['shadow-url'] });
      if (read) {
        const last = read.migrations.filter((m) => m.version !== '').at(-1);
        // Another tool's ledger may name the head by the file's stem; Prisma's names it by the folder (the version).
        const stem = last && read.format !== 'prisma' ? basename(last.file).replace(/(\.up)?\.sql$/, '') : undefined;
        ledger = { tool: read.format, ...(await applyMigrations(client, read.migrations)), headAliases: stem ? [stem] : [] };
      }
      if (command) {
        // The shadow's password is registered: parseConnection registers every password it reads.
        await runMigrateCommand(command, url, { urlEnv: inputs['url-env'], onOutput: (line) => ctx.log.info(line) });
        const nothing = await createdNothing(client, command, { urlEnv: inputs['url-env'], schemas: inputs.schemas });
        if (nothing) return { model: emptyModel(), label, findings: [nothing] };
        ledger = (await readLedgers(client)).find((l) => !l.unreadable);
        // Two alembic heads upgrade "head" unpredictably; name them next to the drift.
        if (/\balembic\b/.test(command) && existsSync('alembic/versions')) {
          ledger = { ...ledger, heads: alembicHeads('alembic/versions').heads, source: 'alembic/versions' };
        }
      }
      return { model: await introspect(client, options), ledger, label };
    }, { connectTimeoutMs: inputs['connect-timeout'], urlScheme: liveScheme?.includes('+') ? liveScheme : undefined }),
  );
}

/** A misspelt --schemas would filter both sides down to nothing and pass: refuse it instead. */
export function checkSchemasExist(schemas: string[], models: Array<SchemaModel | undefined>, ctx: CheckContext): void {
  const known = new Set(models.flatMap((m) => (m ? Object.values(m.schemas).map((s) => s.name) : [])));
  const missing = schemas.filter((s) => !known.has(s));
  if (missing.length > 0) {
    throw new UsageError(
      `${capitalize(labelOf('schemas', ctx.source))} names ${missing.join(', ')}, which exist${missing.length === 1 ? 's' : ''} in neither database; check the spelling (schemas found: ${[...known].sort().join(', ') || 'none'}).`,
    );
  }
}

function hasExpectedSource(inputs: SchemaVerifyInputs): boolean {
  return expectedSources.some((k) => inputs[k] !== undefined);
}

/** Missing files are a usage error before any server is started or contacted. */
export function checkReadable(inputs: SchemaVerifyInputs, ctx: CheckContext): void {
  const schemaFile = inputs['expected-schema'];
  if (schemaFile?.endsWith('.prisma')) {
    // A Prisma data model is not SQL; Prisma itself renders it (its engines cannot be bundled here).
    throw new UsageError(
      `${capitalize(labelOf('expected-schema', ctx.source))} is a Prisma data model (${schemaFile}), not SQL; render it first with \`npx prisma migrate diff --from-empty --to-schema-datamodel ${schemaFile} --script > schema.sql\` and pass schema.sql.`,
    );
  }
  for (const name of ['expected-schema', 'expected-snapshot', 'migrations'] as const) {
    const path = inputs[name];
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new UsageError(`${capitalize(labelOf(name, ctx.source))} points to ${path}, which does not exist or cannot be read; check the path (relative paths start at ${process.cwd()}).`);
    }
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
