/**
 * schema-verify for a schema per tenant (`--schemas-like 'tenant_%'`): the expected schema is built
 * once, the database is read once (every matching schema in the one catalog round trip), and each
 * matching schema is compared with the template schema of the expected side (`--template-schema`,
 * default `public`) re-qualified with the tenant's name. Each tenant schema is a section of the
 * report, as a fleet target is; `--fix-sql` gets one script for all of them, every statement
 * qualified with its tenant schema.
 *
 * Database-wide objects (extensions, publications, database-wide default privileges, roles) and
 * the migration ledger belong to no tenant schema and are not compared here; see
 * docs/schema-verify.md.
 */
import type pg from 'pg';
import { UsageError, labelOf, prefixedLogger, redact, writeFileAtomic, writeJsonFileAtomic, type CheckContext, type CheckResult, type Finding } from '@preflight/core';
import { connectClient, parseConnection } from '@preflight/pg';
import type { SchemaVerifyInputs } from '../definition.ts';
import { checkReadable, compareSides, loadExpected, type Side } from '../run.ts';
import { introspect } from '../introspect.ts';
import { readAppRole } from '../app-role.ts';
import { fixScript } from '../fix-order.ts';
import { keyPart } from '../model.ts';
import { toSnapshot } from '../snapshot.ts';
import { fleetReport, type Outcome } from '../fleet/run.ts';
import { requalify, splitBySchema } from './requalify.ts';

export async function verifyTenantSchemas(inputs: SchemaVerifyInputs, ctx: CheckContext): Promise<CheckResult> {
  const started = Date.now();
  const pattern = inputs['schemas-like']!;
  const template = inputs['template-schema'];
  const live = parseConnection(inputs['database-url']!, { inputName: 'database-url', connectTimeoutMs: inputs['connect-timeout'], answerTimeoutMs: inputs['query-timeout'] });
  checkReadable(inputs, ctx);
  const ignorePrivileges = inputs['ignore-privileges'];
  const connect = () => connectClient(live, { applicationName: 'preflight schema-verify' });

  // The expected side and the live database are read at the same time, each once.
  const settled = await Promise.allSettled([
    loadExpected(inputs, ctx, { schemas: [template], ignorePrivileges }),
    ctx.log.group(`Introspecting the schemas of ${live.display} like '${pattern}'`, () => readTenants(connect, pattern, inputs['app-role'], ignorePrivileges)),
  ]);
  // Both sides finish (a shadow database is always dropped); a file or input to fix (exit 2) wins
  // over a server that could not be reached (exit 3).
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 0) throw failures.find((e) => e instanceof UsageError) ?? failures[0];
  const expected = (settled[0] as PromiseFulfilledResult<Side | undefined>).value!;
  const actual = (settled[1] as PromiseFulfilledResult<Side>).value;
  if (expected.findings) {
    return { findings: expected.findings, summary: 'the migrate command created nothing in the shadow database', stats: { expected: expected.label, durationMs: Date.now() - started } };
  }
  if (!expected.model.schemas[keyPart(template)]) {
    const found = Object.values(expected.model.schemas).map((s) => s.name).sort();
    throw new UsageError(
      `The expected schema (${expected.label}) has no schema ${template} to compare the tenant schemas with; name the schema they copy with ${labelOf('template-schema', ctx.source)}${found.length ? ` (schemas found: ${found.join(', ')})` : ''}.`,
    );
  }
  if (inputs['write-snapshot']) {
    writeJsonFileAtomic(inputs['write-snapshot'], JSON.parse(toSnapshot(expected.model, { ledger: expected.ledger })), 'write-snapshot');
    ctx.log.info(`snapshot of ${expected.label} written to ${inputs['write-snapshot']}`);
  }
  const bySchema = splitBySchema(actual.model);
  const tenants = [...bySchema.keys()].sort();
  if (tenants.length === 0) {
    const others = await schemaNames(connect);
    throw new UsageError(
      redact(
        `${capitalize(labelOf('schemas-like', ctx.source))} '${pattern}' matches no schema in ${live.display} (LIKE is case-sensitive and _ matches any one character; schemas there: ${others.join(', ') || 'none'}); checking none is never a pass.`,
      ),
    );
  }

  ctx.log.info(`Comparing ${tenants.length} tenant schema${tenants.length === 1 ? '' : 's'} with schema ${template} of ${expected.label}; extensions, publications and the migration ledger are database-wide and not compared per tenant schema`);
  // compareSides writes --fix-sql for one comparison; here one script covers every tenant schema.
  const perTenant = { ...inputs, 'fix-sql': undefined };
  const outcomes: Outcome[] = [];
  const drift: Finding[] = [];
  for (const tenant of tenants) {
    const log = prefixedLogger(ctx.log, tenant);
    try {
      const begun = Date.now();
      const theirs = bySchema.get(tenant)!;
      const ours = requalify(expected.model, template, tenant);
      // `public` carries initdb's comment and grants, which no schema made by CREATE SCHEMA has:
      // that schema's own entry is not compared, only what is inside it.
      if (template === 'public' && theirs.schemas[keyPart(tenant)]) ours.schemas[keyPart(tenant)] = theirs.schemas[keyPart(tenant)];
      const result = await compareSides(perTenant, { ...ctx, log }, { model: ours, label: `${expected.label} (schema ${template})` }, { model: theirs, appRole: actual.appRole, label: tenant }, connect, begun);
      // compareSides lists the schema differences first (stats.drift of them), then RLS findings.
      drift.push(...result.findings.slice(0, Number(result.stats?.drift ?? 0)));
      log.info(result.summary ?? '');
      outcomes.push({ target: { name: tenant, target: live, where: tenant }, result });
    } catch (error) {
      outcomes.push({ target: { name: tenant, target: live, where: tenant }, error });
    }
  }
  if (inputs['fix-sql']) {
    writeFileAtomic(inputs['fix-sql'], fixScript(drift), 'fix-sql');
    ctx.log.info(`fix script with ${drift.filter((f) => f.fix).length} statements for ${new Set(outcomes.filter((o) => o.result?.findings.length).map((o) => o.target.name)).size} tenant schemas written to ${inputs['fix-sql']}`);
  }
  return fleetReport(outcomes, { expected: `${expected.label} (schema ${template})`, parallel: 1, started, noun: 'tenant schema' });
}

/** Every matching schema in one catalog round trip, plus --app-role's facts when asked. */
async function readTenants(connect: () => Promise<pg.Client>, pattern: string, appRole: string | undefined, ignorePrivileges: boolean): Promise<Side> {
  const client = await connect();
  try {
    const model = await introspect(client, { schemasLike: pattern, ignorePrivileges });
    return { model, appRole: appRole !== undefined ? await readAppRole(client, appRole) : undefined, label: 'live' };
  } finally {
    await client.end().catch(() => {});
  }
}

/** For the zero-match sentence only: which user schemas the database does have (the first 20). */
async function schemaNames(connect: () => Promise<pg.Client>): Promise<string[]> {
  const client = await connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp)' ORDER BY nspname LIMIT 21`,
    );
    const names = rows.map((r) => r.nspname);
    return names.length > 20 ? [...names.slice(0, 20), '...'] : names;
  } catch {
    return [];
  } finally {
    await client.end().catch(() => {});
  }
}


function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
