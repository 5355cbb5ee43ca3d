/**
 * Tenant tables must be protected by row-level security (incident: tables keyed by tenant_id /
 * creator_id were readable across tenants). A table with one of the marker columns needs RLS
 * enabled and at least one policy.
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
] as const;

export function rlsFindings(model: SchemaModel, markerColumns: readonly string[]): Finding[] {
  if (markerColumns.length === 0) return [];
  const markers = new Set(markerColumns);
  const findings: Finding[] = [];
  for (const [key, table] of Object.entries(model.tables)) {
    // Partitions inherit the parent's policies through the parent; checking the parent is enough.
    if (table.partitionOf) continue;
    const columns = table.columns.filter((c) => markers.has(c.name)).map((c) => c.name);
    if (columns.length === 0) continue;
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
