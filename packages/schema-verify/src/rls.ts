/**
 * Tenant tables must be protected by row-level security (incident: tables keyed by tenant_id /
 * creator_id were readable across tenants). A table with one of the marker columns needs RLS
 * enabled and at least one policy. With --app-role, app-role.ts checks that those policies apply to
 * the role the app connects as.
 */
import type { Finding } from '@preflight/core';
import type { SchemaModel } from './model.ts';
import { qname } from './diff/sql.ts';

export const rlsRules = [
  {
    id: 'rls-not-enabled',
    title: 'Tenant table without row-level security',
    severity: 'error',
    description: 'A table with a tenant column named in --require-rls-for does not have row-level security enabled, so every role that can read it reads every tenant.',
    example: 'public.documents has tenant_id, but relrowsecurity is false.',
    fix: 'ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY; then CREATE POLICY ... USING (tenant_id = ...).',
  },
  {
    id: 'rls-no-policy',
    title: 'Row-level security enabled without a policy',
    severity: 'error',
    description: 'Row-level security is enabled but no policy exists, so the table is either empty for the app or the app bypasses RLS as owner: neither isolates tenants.',
    example: 'public.documents has RLS enabled and no policy.',
    fix: "CREATE POLICY tenant_isolation ON public.documents USING (tenant_id = current_setting('app.tenant_id')::uuid);",
  },
  {
    id: 'rls-bypassed-by-role',
    title: 'The app role bypasses row-level security',
    severity: 'error',
    description: 'The role named in --app-role is a superuser or has BYPASSRLS, so no policy applies to it: the app reads every tenant of every tenant table.',
    example: 'Role app (--app-role) is BYPASSRLS, so no row-level security policy applies to it: it reads every tenant\'s rows of public.invoices.',
    fix: 'ALTER ROLE app NOBYPASSRLS; (or NOSUPERUSER), and run migrations as a separate role.',
  },
  {
    id: 'rls-owner-not-forced',
    title: 'The app role owns a tenant table without FORCE ROW LEVEL SECURITY',
    severity: 'error',
    description: "The role named in --app-role owns the table, or is a member of the role that owns it, and the table's row-level security is not forced: policies skip the owner, so the app reads every tenant.",
    example: 'Row-level security on public.invoices does not apply to the app: app owns public.invoices, and policies skip the table\'s owner unless it is forced.',
    fix: 'ALTER TABLE public.invoices FORCE ROW LEVEL SECURITY; or transfer ownership to a separate migration role: ALTER TABLE public.invoices OWNER TO migrator;',
  },
  {
    id: 'app-role-missing',
    title: 'The app role does not exist',
    severity: 'error',
    description: 'The role named in --app-role does not exist in the live database, so tenant isolation for the app cannot be checked; a misspelt role is not a pass.',
    example: 'Role app (--app-role) does not exist in the live database.',
    fix: 'Name the role the application connects as (SELECT current_user; from the app), or CREATE ROLE app LOGIN;',
  },
] as const;

export interface TenantTable {
  key: string;
  def: SchemaModel['tables'][string];
  /** The marker columns it has, in column order. */
  columns: string[];
}

/** The tables --require-rls-for selects (and --app-role checks): those with a marker column. */
export function tenantTables(model: SchemaModel, markerColumns: readonly string[]): TenantTable[] {
  if (markerColumns.length === 0) return [];
  const markers = new Set(markerColumns);
  const tables: TenantTable[] = [];
  for (const [key, def] of Object.entries(model.tables)) {
    // Partitions inherit the parent's policies through the parent; checking the parent is enough.
    if (def.partitionOf) continue;
    const columns = def.columns.filter((c) => markers.has(c.name)).map((c) => c.name);
    if (columns.length > 0) tables.push({ key, def, columns });
  }
  return tables;
}

export function rlsFindings(model: SchemaModel, markerColumns: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const { key, def: table, columns } of tenantTables(model, markerColumns)) {
    const name = qname(table.schema, table.name);
    const marker = columns.join(', ');
    if (!table.rowSecurity) {
      findings.push({
        rule: 'rls-not-enabled',
        severity: 'error',
        object: key,
        message: `Table ${key} has ${marker} but row-level security is not enabled, so tenants can read each other's rows.`,
        fix: `ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;\nCREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table.columns, columns[0])});`,
      });
    } else if (Object.keys(table.policies).length === 0) {
      findings.push({
        rule: 'rls-no-policy',
        severity: 'error',
        object: key,
        message: `Table ${key} has row-level security enabled but no policy, so it does not isolate tenants by ${marker}.`,
        fix: `CREATE POLICY tenant_isolation ON ${name} USING (${columns[0]} = current_setting('app.${columns[0]}')::${typeOf(table.columns, columns[0])});`,
      });
    }
  }
  return findings;
}

function typeOf(columns: SchemaModel['tables'][string]['columns'], name: string): string {
  return columns.find((c) => c.name === name)?.type ?? 'text';
}
