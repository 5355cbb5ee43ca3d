/**
 * Grants, comments and default privileges. Privileges arrive as `grantee:PRIV[*]` strings with the
 * owner's own entries removed (see introspect.sql.ts), so the diff is a set comparison per grantee
 * and never depends on who owns the objects in either database.
 */
import type { DefaultPrivilegeDef } from '../model.ts';
import { compareText, keyPart } from '../model.ts';
import { extra, problem, type DiffContext } from './context.ts';
import { comment, quoteIdent, quoteRole } from './sql.ts';

interface Grant {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

function parse(entry: string): Grant {
  const at = entry.lastIndexOf(':');
  let privilege = entry.slice(at + 1);
  const grantable = privilege.endsWith('*');
  if (grantable) privilege = privilege.slice(0, -1);
  return { grantee: entry.slice(0, at), privilege, grantable };
}

function byGrantee(entries: readonly string[]): Map<string, Map<string, boolean>> {
  const out = new Map<string, Map<string, boolean>>();
  for (const e of entries) {
    const g = parse(e);
    if (!out.has(g.grantee)) out.set(g.grantee, new Map());
    out.get(g.grantee)!.set(g.privilege, g.grantable);
  }
  return out;
}

/** What to grant and revoke to turn `from` into `to`, per grantee. */
interface GrantDelta {
  grantee: string;
  grant: string[];
  grantWithOption: string[];
  revoke: string[];
  revokeOption: string[];
}

function deltas(to: readonly string[], from: readonly string[]): GrantDelta[] {
  const want = byGrantee(to);
  const have = byGrantee(from);
  const grantees = [...new Set([...want.keys(), ...have.keys()])].sort(compareText);
  const out: GrantDelta[] = [];
  for (const grantee of grantees) {
    const w = want.get(grantee) ?? new Map<string, boolean>();
    const h = have.get(grantee) ?? new Map<string, boolean>();
    const d: GrantDelta = { grantee, grant: [], grantWithOption: [], revoke: [], revokeOption: [] };
    for (const [priv, opt] of w) {
      if (!h.has(priv)) (opt ? d.grantWithOption : d.grant).push(priv);
      else if (opt && !h.get(priv)) d.grantWithOption.push(priv);
    }
    for (const [priv, opt] of h) {
      if (!w.has(priv)) d.revoke.push(priv);
      else if (opt && !w.get(priv)) d.revokeOption.push(priv);
    }
    for (const list of [d.grant, d.grantWithOption, d.revoke, d.revokeOption]) list.sort(compareText);
    if (d.grant.length + d.grantWithOption.length + d.revoke.length + d.revokeOption.length > 0) out.push(d);
  }
  return out;
}

/** `TABLE public.t`, `FUNCTION public.f(integer)`, `SCHEMA app`... and an optional column. */
export interface GrantTarget {
  /** The object as findings name it. */
  object: string;
  /** Words for messages: `table public.invoices`. */
  label: string;
  /** What follows ON in GRANT: `TABLE public.invoices`. */
  on: string;
  column?: string;
}

function privList(privs: string[], column?: string): string {
  return privs.map((p) => (column ? `${p} (${quoteIdent(column)})` : p)).join(', ');
}

function statementsFor(target: GrantTarget, d: GrantDelta): { grants: string[]; revokes: string[] } {
  const to = quoteRole(d.grantee);
  const grants: string[] = [];
  const revokes: string[] = [];
  if (d.grant.length) grants.push(`GRANT ${privList(d.grant, target.column)} ON ${target.on} TO ${to};`);
  if (d.grantWithOption.length) grants.push(`GRANT ${privList(d.grantWithOption, target.column)} ON ${target.on} TO ${to} WITH GRANT OPTION;`);
  if (d.revoke.length) revokes.push(`REVOKE ${privList(d.revoke, target.column)} ON ${target.on} FROM ${to};`);
  if (d.revokeOption.length) revokes.push(`REVOKE GRANT OPTION FOR ${privList(d.revokeOption, target.column)} ON ${target.on} FROM ${to};`);
  return { grants, revokes };
}

function describe(privs: string[]): string {
  return privs.join(', ');
}

export function diffPrivileges(ctx: DiffContext, target: GrantTarget, expected?: string[], actual?: string[]): void {
  if (ctx.ignorePrivileges || !expected || !actual) return;
  for (const d of deltas(expected, actual)) {
    const { grants, revokes } = statementsFor(target, d);
    const who = d.grantee === 'PUBLIC' ? 'PUBLIC' : `role ${d.grantee}`;
    if (grants.length) {
      const privs = [...d.grant, ...d.grantWithOption.map((p) => `${p} WITH GRANT OPTION`)];
      problem(ctx, 'missing-grant', target.object, `${who} is missing ${describe(privs)} on ${target.label} in the live database.`, grants);
    }
    if (revokes.length) {
      const privs = [...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)];
      extra(ctx, 'extra-grant', target.object, `${who} has ${describe(privs)} on ${target.label} in the live database, which the expected schema does not grant.`, revokes);
    }
  }
}

/**
 * Grants for an object the fix creates: a new function or type starts with PUBLIC EXECUTE/USAGE
 * (acldefault), everything else with no grants besides the owner's.
 */
export function creationGrants(target: GrantTarget, expected: string[] | undefined, baseline: string[]): string[] {
  if (!expected) return [];
  const out: string[] = [];
  // REVOKE what a new object may start with but should not have; GRANT everything expected,
  // even what the baseline suggests is there: who runs the fix decides what defaults apply.
  for (const d of deltas(expected, baseline)) out.push(...statementsFor(target, d).revokes);
  for (const d of deltas(expected, [])) out.push(...statementsFor(target, d).grants);
  return out;
}

/**
 * What a new object of this kind may receive in the live database without any GRANT: the
 * built-in default plus whatever ALTER DEFAULT PRIVILEGES there adds (for any role, since we do
 * not know who runs the fix). Creation grants then REVOKE what the expected object lacks.
 */
export function newObjectBaseline(ctx: DiffContext, schema: string, objectType: DefaultPrivilegeDef['objectType']): string[] {
  const out = new Set(builtinDefault(objectType));
  for (const d of Object.values(ctx.actual.defaultPrivileges)) {
    if (d.objectType !== objectType || (d.schema !== '' && d.schema !== schema)) continue;
    for (const p of d.privileges) out.add(p.replace(/\*$/, ''));
  }
  return [...out].sort(compareText);
}

/** COMMENT ON differences; `on` is what follows COMMENT ON (`TABLE public.t`, `CONSTRAINT c ON public.t`). */
export function diffComment(ctx: DiffContext, object: string, label: string, on: string, expected?: string, actual?: string): void {
  if ((expected ?? null) === (actual ?? null)) return;
  if (expected !== undefined) {
    const how = actual === undefined ? 'is missing' : 'differs';
    problem(ctx, 'comment-mismatch', object, `The comment on ${label} ${how} in the live database.`, comment(on, expected));
  } else {
    extra(ctx, 'extra-comment', object, `${label[0].toUpperCase()}${label.slice(1)} has a comment in the live database that the expected schema does not have.`, comment(on, undefined));
  }
}

const objectTypeWords: Record<DefaultPrivilegeDef['objectType'], string> = {
  r: 'TABLES',
  S: 'SEQUENCES',
  f: 'FUNCTIONS',
  T: 'TYPES',
  n: 'SCHEMAS',
};

/** What a role's new objects get when pg_default_acl has no database-wide row (acldefault minus the owner). */
function builtinDefault(objectType: DefaultPrivilegeDef['objectType']): string[] {
  if (objectType === 'f') return ['PUBLIC:EXECUTE'];
  if (objectType === 'T') return ['PUBLIC:USAGE'];
  return [];
}

export function diffDefaultPrivileges(ctx: DiffContext): void {
  if (ctx.ignorePrivileges) return;
  const exp = ctx.expected.defaultPrivileges;
  const act = ctx.actual.defaultPrivileges;
  for (const key of [...new Set([...Object.keys(exp), ...Object.keys(act)])].sort(compareText)) {
    const def = exp[key] ?? act[key];
    // A missing database-wide row means "the built-in defaults", a missing per-schema row "nothing extra".
    const fallback = def.schema === '' ? builtinDefault(def.objectType) : [];
    const want = exp[key]?.privileges ?? fallback;
    const have = act[key]?.privileges ?? fallback;
    const word = objectTypeWords[def.objectType];
    const scope = def.schema ? ` IN SCHEMA ${quoteIdent(def.schema)}` : '';
    const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(def.role)}${scope}`;
    const object = `${def.schema ? `${keyPart(def.schema)}.` : ''}default-privileges(${def.role}, ${word.toLowerCase()})`;
    const where = `${def.schema ? ` in schema ${def.schema}` : ''}`;
    for (const d of deltas(want, have)) {
      const to = quoteRole(d.grantee);
      const grants: string[] = [];
      const revokes: string[] = [];
      if (d.grant.length) grants.push(`${prefix} GRANT ${d.grant.join(', ')} ON ${word} TO ${to};`);
      if (d.grantWithOption.length) grants.push(`${prefix} GRANT ${d.grantWithOption.join(', ')} ON ${word} TO ${to} WITH GRANT OPTION;`);
      if (d.revoke.length) revokes.push(`${prefix} REVOKE ${d.revoke.join(', ')} ON ${word} FROM ${to};`);
      if (d.revokeOption.length) revokes.push(`${prefix} REVOKE GRANT OPTION FOR ${d.revokeOption.join(', ')} ON ${word} FROM ${to};`);
      const who = d.grantee === 'PUBLIC' ? 'PUBLIC' : `role ${d.grantee}`;
      if (grants.length) {
        problem(ctx, 'missing-default-privilege', object,
          `Default privileges of role ${def.role}${where} do not give ${who} ${[...d.grant, ...d.grantWithOption].join(', ')} on new ${word.toLowerCase()} in the live database.`, grants);
      }
      if (revokes.length) {
        extra(ctx, 'extra-default-privilege', object,
          `Default privileges of role ${def.role}${where} give ${who} ${[...d.revoke, ...d.revokeOption.map((p) => `GRANT OPTION for ${p}`)].join(', ')} on new ${word.toLowerCase()} in the live database, which the expected schema does not.`, revokes);
      }
    }
  }
}
