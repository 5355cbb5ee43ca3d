/**
 * --app-role: row-level security only isolates tenants for a role it applies to. Policies never
 * apply to a superuser or a BYPASSRLS role, and not to the table's owner (or a member of the
 * owning role, who may act as it) unless the table has FORCE ROW LEVEL SECURITY. Teams often run
 * the app as the role that created the tables, so a table with RLS and a policy can still be read
 * across tenants by the app.
 *
 * Ownership is not part of the schema model (owners differ between databases that are the same
 * schema), so the facts are read from the live database with one small query, only when
 * --app-role is given.
 */
import type pg from 'pg';
import type { Finding } from '@preflight/core';
import { qualifiedKey, type SchemaModel } from './model.ts';
import { qname, quoteRole } from './diff/sql.ts';
import { tenantTables } from './rls.ts';

export interface AppRoleFacts {
  role: string;
  exists: boolean;
  superuser: boolean;
  bypassRls: boolean;
  /** Tables the role owns or may act as the owner of, by model key. */
  owned: Map<string, { owner: string }>;
}

const roleQuery = `
SELECT r.rolsuper, r.rolbypassrls,
  (SELECT coalesce(json_agg(json_build_array(n.nspname, c.relname, o.rolname)), '[]'::json)
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_roles o ON o.oid = c.relowner
    WHERE c.relkind IN ('r', 'p')
      -- MEMBER, not only USAGE: a member without INHERIT can still SET ROLE to the owner.
      AND pg_has_role(r.oid, c.relowner, 'MEMBER')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%') AS owned
FROM pg_roles r WHERE r.rolname = $1`;

export async function readAppRole(client: pg.Client, role: string): Promise<AppRoleFacts> {
  const r = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; owned: Array<[string, string, string]> }>(roleQuery, [role]);
  const row = r.rows[0];
  if (!row) return { role, exists: false, superuser: false, bypassRls: false, owned: new Map() };
  const owned = new Map(row.owned.map(([schema, name, owner]) => [qualifiedKey(schema, name), { owner }]));
  return { role, exists: true, superuser: row.rolsuper, bypassRls: row.rolbypassrls, owned };
}

export function appRoleFindings(model: SchemaModel, markerColumns: readonly string[], facts: AppRoleFacts): Finding[] {
  const tables = tenantTables(model, markerColumns);
  if (tables.length === 0) return [];
  const { role } = facts;
  const names = listed(tables.map((t) => t.key));
  if (!facts.exists) {
    return [{
      rule: 'app-role-missing',
      severity: 'error',
      object: role,
      message: `Role ${role} (--app-role) does not exist in the live database, so whether ${names} isolate tenants for the app cannot be checked.`,
      fix: `Name the role the application connects as (SELECT current_user; from the app), or create it: CREATE ROLE ${quoteRole(role)} LOGIN;`,
    }];
  }
  const findings: Finding[] = [];
  if (facts.superuser || facts.bypassRls) {
    const what = facts.superuser ? 'a superuser' : 'BYPASSRLS';
    findings.push({
      rule: 'rls-bypassed-by-role',
      severity: 'error',
      object: role,
      message: `Role ${role} (--app-role) is ${what}, so no row-level security policy applies to it: it reads every tenant's rows of ${names}.`,
      fix: `ALTER ROLE ${quoteRole(role)} ${facts.superuser ? 'NOSUPERUSER' : 'NOBYPASSRLS'};\n-- and run migrations, if they need it, as a separate role.`,
    });
    // A superuser may act as every owner; that is the finding above, not one per table.
    if (facts.superuser) return findings;
  }
  for (const table of tables) {
    const owned = facts.owned.get(table.key);
    if (!owned || table.def.forceRowSecurity) continue;
    const name = qname(table.def.schema, table.def.name);
    const how = owned.owner === role ? `${role} owns ${table.key}` : `${role} is a member of ${owned.owner}, which owns ${table.key}`;
    findings.push({
      rule: 'rls-owner-not-forced',
      severity: 'error',
      object: table.key,
      message: `Row-level security on ${table.key} does not apply to the app: ${how}, and policies skip the table's owner unless it is forced.`,
      fix: `ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;\n-- or give the table to a separate migration role: ALTER TABLE ${name} OWNER TO migrator;`,
    });
  }
  return findings;
}

function listed(keys: string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more tenant tables`;
}
