/**
 * Views and materialized views. A changed view is replaced in place (CREATE OR REPLACE) when its
 * live columns are a prefix of the expected ones; otherwise it is dropped with CASCADE and every
 * view that depended on it in the live database is re-created from the expected schema, so the
 * fix never leaves a dependent view missing.
 */
import type { SchemaModel, ViewDef } from '../model.ts';
import { compareText, memberKey } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { creationGrants, diffComment, diffPrivileges, newObjectBaseline } from './privileges.ts';
import { comment, normalizeSql, qname, quoteIdent } from './sql.ts';
import { diffRules, ruleStatements } from './rules.ts';
import { diffTriggers, indexStatements, triggerStatements } from './tables.ts';

function kindWord(v: ViewDef): string {
  return v.kind === 'materialized view' ? 'MATERIALIZED VIEW' : 'VIEW';
}

export function createViewSql(v: ViewDef): string {
  const name = qname(v.schema, v.name);
  const opts = v.options.length ? ` WITH (${v.options.join(', ')})` : '';
  if (v.kind === 'materialized view') return `CREATE MATERIALIZED VIEW IF NOT EXISTS ${name}${opts} AS\n${v.definition}\nWITH DATA;`;
  const check = v.checkOption ? `\nWITH ${v.checkOption} CHECK OPTION` : '';
  return `CREATE OR REPLACE VIEW ${name}${opts} AS\n${v.definition}${check};`;
}

/** The view with its indexes, triggers, comments and grants, as the expected schema has them. */
export function createViewStatements(ctx: DiffContext, key: string): string[] {
  const v = ctx.expected.views[key];
  const name = qname(v.schema, v.name);
  const out = [createViewSql(v), ...indexStatements(ctx, key)];
  for (const t of Object.keys(v.triggers).sort(compareText)) out.push(...triggerStatements(name, v.triggers[t]));
  out.push(...ruleStatements(name, v.rules));
  if (v.comment !== undefined) out.push(comment(`${kindWord(v)} ${name}`, v.comment));
  out.push(...creationGrants({ object: key, label: '', on: `TABLE ${name}` }, v.privileges, newObjectBaseline(ctx, v.schema, 'r')));
  for (const c of v.columns) {
    if (v.kind === 'view' && c.default !== undefined) out.push(`ALTER VIEW ${name} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`);
    if (c.comment !== undefined) out.push(comment(`COLUMN ${name}.${quoteIdent(c.name)}`, c.comment));
    if (c.privileges) out.push(...creationGrants({ object: key, label: '', on: `TABLE ${name}`, column: c.name }, c.privileges, []));
  }
  return out;
}

function dropViewSql(v: ViewDef): string {
  return `DROP ${kindWord(v)} IF EXISTS ${qname(v.schema, v.name)} CASCADE;`;
}

const viewReaders = new WeakMap<SchemaModel['views'], Map<string, string[]>>();

/** The views that read each relation, built once per model (this runs once per changed column or view). */
function readersOf(model: SchemaModel): Map<string, string[]> {
  let readers = viewReaders.get(model.views);
  if (!readers) {
    readers = new Map();
    for (const [key, v] of Object.entries(model.views)) {
      for (const dep of v.dependsOn) {
        const list = readers.get(dep);
        if (list) list.push(key);
        else readers.set(dep, [key]);
      }
    }
    viewReaders.set(model.views, readers);
  }
  return readers;
}

/** Live views that read `relKey`, directly or through other views. */
function liveDependents(ctx: DiffContext, relKey: string): { direct: string[]; all: string[] } {
  const readers = readersOf(ctx.actual);
  const direct = [...(readers.get(relKey) ?? [])].sort(compareText);
  const seen = new Set<string>();
  const queue = [...direct];
  while (queue.length) {
    const k = queue.shift()!;
    if (seen.has(k) || k === relKey) continue;
    seen.add(k);
    queue.push(...(readers.get(k) ?? []));
  }
  return { direct, all: [...seen].sort(compareText) };
}

/**
 * Drops the live views that read `relKey` (CASCADE takes their own dependents) and re-creates the
 * ones the expected schema has. Used around ALTER COLUMN TYPE and around view re-creation.
 */
export function dependentViewRecreation(ctx: DiffContext, relKey: string): string[] {
  const { direct, all } = liveDependents(ctx, relKey);
  if (!direct.length) return [];
  const out = direct.map((k) => dropViewSql(ctx.actual.views[k]));
  for (const k of all) if (ctx.expected.views[k]) out.push(...createViewStatements(ctx, k));
  return out;
}

function sameColumns(live: ViewDef, want: ViewDef): boolean {
  return live.columns.length <= want.columns.length &&
    live.columns.every((c, i) => want.columns[i].name === c.name && want.columns[i].type === c.type);
}

export function diffViews(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  const keys = sortedKeys(expected.views, actual.views);
  for (const key of keys) {
    const e = expected.views[key];
    const a = actual.views[key];
    if (e && !a) {
      problem(ctx, 'missing-view', key, `${e.kind === 'view' ? 'View' : 'Materialized view'} ${key} is missing in the live database.`, createViewStatements(ctx, key));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-view', key, `${a.kind === 'view' ? 'View' : 'Materialized view'} ${key} exists in the live database but not in the expected schema.`,
        [dropViewSql(a), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith('DROP '))]);
      continue;
    }
    const same = e.kind === a.kind && normalizeSql(e.definition) === normalizeSql(a.definition) &&
      e.options.join(',') === a.options.join(',') && (e.checkOption ?? '') === (a.checkOption ?? '');
    const name = qname(e.schema, e.name);
    if (!same) {
      const replaceable = e.kind === 'view' && a.kind === 'view' && sameColumns(a, e);
      const fix = replaceable ? [createViewSql(e)]
        : [dropViewSql(a), ...createViewStatements(ctx, key), ...dependentViewRecreation(ctx, key).filter((s) => !s.startsWith('DROP '))];
      const what = e.kind !== a.kind ? `is a ${a.kind} in the live database but a ${e.kind} in the expected schema`
        : 'has a different definition in the live database than in the expected schema';
      problem(ctx, 'view-definition-mismatch', key, `${e.kind === 'view' ? 'View' : 'Materialized view'} ${key} ${what}.`, fix);
      if (!replaceable) continue;
    }
    diffTriggers(ctx, key, name, e.triggers, a.triggers);
    diffRules(ctx, key, name, e.rules, a.rules);
    diffComment(ctx, key, `${e.kind} ${key}`, `${kindWord(e)} ${name}`, e.comment, a.comment);
    diffPrivileges(ctx, { object: key, label: `${e.kind} ${key}`, on: `TABLE ${name}` }, e.privileges, a.privileges);
    const liveCols = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of e.columns) {
      const l = liveCols.get(c.name);
      if (!l) continue;
      const object = memberKey(key, c.name);
      // ALTER VIEW ... ALTER COLUMN ... SET DEFAULT: what an INSERT through the view fills in.
      if (e.kind === 'view' && (c.default ?? '') !== (l.default ?? '')) {
        problem(ctx, 'column-default-mismatch', object,
          `Column ${object} of view ${key} has ${l.default === undefined ? 'no default' : `DEFAULT ${l.default}`} in the live database but ${c.default === undefined ? 'no default' : `DEFAULT ${c.default}`} in the expected schema (INSERT through the view fills it in).`,
          `ALTER VIEW ${name} ALTER COLUMN ${quoteIdent(c.name)} ${c.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${c.default}`};`);
      }
      diffComment(ctx, object, `column ${object}`, `COLUMN ${name}.${quoteIdent(c.name)}`, c.comment, l.comment);
      diffPrivileges(ctx, { object, label: `column ${object}`, on: `TABLE ${name}`, column: c.name },
        c.privileges ?? (e.privileges ? [] : undefined), l.privileges ?? (a.privileges ? [] : undefined));
    }
  }
}
