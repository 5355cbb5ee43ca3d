/**
 * Foreign data: wrappers, servers, user mappings and foreign tables. A foreign table that points
 * at another server or remote table reads other rows without any error; a missing user mapping
 * makes every query on it fail.
 */
import { compareText, memberKey, type ForeignTableColumnDef, type ForeignTableDef, type UserMappingDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { createOptions, optionsDelta } from './fdw-options.ts';
import { creationGrants, diffComment, diffPrivileges } from './privileges.ts';
import { columnSql, comment, keyToSql, normalizeSql, qname, quoteIdent, quoteLiteral, quoteRole } from './sql.ts';
import { columnStorageSql, diffColumnStorage } from './column-storage.ts';
import { diffTriggers, triggerStatements } from './tables.ts';
import { dependentViewRecreation } from './views.ts';

const handlerSql = (word: string, fn: string | undefined) => (fn ? ` ${word} ${fn}` : ` NO ${word}`);

export function diffForeignDataWrappers(ctx: DiffContext): void {
  const expected = ctx.expected.foreignDataWrappers ?? {};
  const actual = ctx.actual.foreignDataWrappers ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = quoteIdent(key);
    const target = { object: key, label: `foreign data wrapper ${key}`, on: `FOREIGN DATA WRAPPER ${name}` };
    if (e && !a) {
      const fix = [`CREATE FOREIGN DATA WRAPPER ${name}${e.handler ? ` HANDLER ${e.handler}` : ''}${e.validator ? ` VALIDATOR ${e.validator}` : ''}${createOptions(e.options).clause};`];
      if (e.comment !== undefined) fix.push(comment(target.on, e.comment));
      fix.push(...creationGrants(target, e.privileges, []));
      problem(ctx, 'missing-foreign-data-wrapper', key, `Foreign data wrapper ${key} is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-foreign-data-wrapper', key, `Foreign data wrapper ${key} exists in the live database but not in the expected schema.`, `DROP FOREIGN DATA WRAPPER IF EXISTS ${name};`);
      continue;
    }
    const what: string[] = [];
    const alter: string[] = [];
    if (e.handler !== a.handler) {
      what.push(`handler ${a.handler ?? 'none'} instead of ${e.handler ?? 'none'}`);
      alter.push(handlerSql('HANDLER', e.handler));
    }
    if (e.validator !== a.validator) {
      what.push(`validator ${a.validator ?? 'none'} instead of ${e.validator ?? 'none'}`);
      alter.push(handlerSql('VALIDATOR', e.validator));
    }
    const opts = optionsDelta(e.options, a.options);
    what.push(...opts.changes);
    if (opts.clause) alter.push(` ${opts.clause}`);
    if (what.length) {
      problem(ctx, 'foreign-data-wrapper-mismatch', key, `Foreign data wrapper ${key} differs in the live database: ${what.join('; ')}.`,
        alter.length ? `ALTER FOREIGN DATA WRAPPER ${name}${alter.join('')};` : undefined);
    }
    diffComment(ctx, key, target.label, target.on, e.comment, a.comment);
    diffPrivileges(ctx, target, e.privileges, a.privileges);
  }
}

function createServerSql(key: string, s: NonNullable<DiffContext['expected']['foreignServers']>[string]): { sql: string; secrets: string[] } {
  const opts = createOptions(s.options);
  const sql = `CREATE SERVER ${quoteIdent(key)}${s.type !== undefined ? ` TYPE ${quoteLiteral(s.type)}` : ''}${s.version !== undefined ? ` VERSION ${quoteLiteral(s.version)}` : ''} FOREIGN DATA WRAPPER ${quoteIdent(s.wrapper)}${opts.clause};`;
  return { sql, secrets: opts.secrets };
}

export function diffForeignServers(ctx: DiffContext): void {
  const expected = ctx.expected.foreignServers ?? {};
  const actual = ctx.actual.foreignServers ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = quoteIdent(key);
    const target = { object: key, label: `foreign server ${key}`, on: `FOREIGN SERVER ${name}` };
    if (e && !a) {
      const fix = [createServerSql(key, e).sql];
      if (e.comment !== undefined) fix.push(comment(`SERVER ${name}`, e.comment));
      fix.push(...creationGrants(target, e.privileges, []));
      problem(ctx, 'missing-foreign-server', key, `Foreign server ${key} (wrapper ${e.wrapper}) is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-foreign-server', key, `Foreign server ${key} (wrapper ${a.wrapper}) exists in the live database but not in the expected schema.`, `DROP SERVER IF EXISTS ${name};`);
      continue;
    }
    if (e.wrapper !== a.wrapper || e.type !== a.type) {
      // Neither can be altered; re-creating the server means re-creating its user mappings and
      // foreign tables (and what reads them), which only the user can plan.
      const why = e.wrapper !== a.wrapper ? `uses wrapper ${a.wrapper} instead of ${e.wrapper}` : `has type ${a.type ?? 'none'} instead of ${e.type ?? 'none'}`;
      problem(ctx, 'foreign-server-mismatch', key,
        `Foreign server ${key} ${why} in the live database. Neither can be altered: fix it by hand by dropping the server with its user mappings and foreign tables (DROP SERVER ${name} CASCADE) and creating them again (${createServerSql(key, e).sql} ...).`);
      continue;
    }
    const what: string[] = [];
    const alter: string[] = [];
    if (e.version !== a.version) {
      what.push(`version ${a.version ?? 'none'} instead of ${e.version ?? 'none'}`);
      alter.push(` VERSION ${e.version === undefined ? 'NULL' : quoteLiteral(e.version)}`);
    }
    const opts = optionsDelta(e.options, a.options);
    what.push(...opts.changes);
    if (opts.clause) alter.push(` ${opts.clause}`);
    if (what.length) {
      const manual = opts.secrets.length ? ` Set ${opts.secrets.join(', ')} by hand: ALTER SERVER ${name} OPTIONS (SET ${opts.secrets[0]} '...').` : '';
      problem(ctx, 'foreign-server-mismatch', key, `Foreign server ${key} differs in the live database: ${what.join('; ')}.${manual}`,
        alter.length ? `ALTER SERVER ${name}${alter.join('')};` : undefined);
    }
    diffComment(ctx, key, target.label, `SERVER ${name}`, e.comment, a.comment);
    diffPrivileges(ctx, target, e.privileges, a.privileges);
  }
}

const mappingFor = (m: UserMappingDef) => `USER MAPPING FOR ${m.user === 'PUBLIC' ? 'PUBLIC' : quoteRole(m.user)} SERVER ${quoteIdent(m.server)}`;

/** A secret the fix cannot write: its own finding, with the statement to run by hand (value elided). */
function secretsByHand(ctx: DiffContext, key: string, m: UserMappingDef, secrets: string[], missing: boolean): void {
  if (!secrets.length) return;
  const verb = missing ? 'ADD' : 'SET';
  problem(ctx, 'user-mapping-secret-mismatch', key,
    `User mapping ${key}: ${secrets.join(', ')} ${missing ? 'is not set' : 'has another value'} in the live database (the value is a secret, so it is neither shown nor written into the fix). Set it by hand: ALTER ${mappingFor(m)} OPTIONS (${secrets.map((s) => `${verb} ${quoteIdent(s)} '...'`).join(', ')});`);
}

export function diffUserMappings(ctx: DiffContext): void {
  const expected = ctx.expected.userMappings ?? {};
  const actual = ctx.actual.userMappings ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      const opts = createOptions(e.options);
      problem(ctx, 'missing-user-mapping', key, `User mapping for ${e.user} on server ${e.server} is missing in the live database: queries on its foreign tables fail for that role.`,
        `CREATE ${mappingFor(e)}${opts.clause};`);
      secretsByHand(ctx, key, e, opts.secrets, true);
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-user-mapping', key, `User mapping for ${a.user} on server ${a.server} exists in the live database but not in the expected schema.`,
        `DROP USER MAPPING IF EXISTS FOR ${a.user === 'PUBLIC' ? 'PUBLIC' : quoteRole(a.user)} SERVER ${quoteIdent(a.server)};`);
      continue;
    }
    // Options one side may not read (pg_user_mappings hides them) cannot be compared.
    if (!e.options || !a.options) continue;
    const opts = optionsDelta(e.options, a.options);
    const plain = opts.changes.filter((c) => !opts.secrets.some((s) => c.startsWith(`${s} (a secret)`)));
    if (plain.length) {
      problem(ctx, 'user-mapping-mismatch', key, `User mapping for ${e.user} on server ${e.server} differs in the live database: ${plain.join('; ')}.`,
        opts.clause ? `ALTER ${mappingFor(e)} ${opts.clause};` : undefined);
    }
    secretsByHand(ctx, key, e, opts.secrets, opts.secrets.some((s) => !a.options!.some((o) => o.startsWith(`${s}=`) || o.startsWith(`${s} `))));
  }
}

function columnDefSql(c: ForeignTableColumnDef): string {
  // OPTIONS comes right after the type (and collation) in a column definition.
  const base = columnSql({ ...c, notNull: false, default: undefined }, false);
  const opts = createOptions(c.options).clause;
  return `${base}${opts}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}${c.notNull ? ' NOT NULL' : ''}`;
}

function createForeignTableStatements(ctx: DiffContext, key: string, t: ForeignTableDef): string[] {
  const rel = qname(t.schema, t.name);
  const cols = t.columns.map((c) => `    ${columnDefSql(c)}`);
  for (const name of Object.keys(t.constraints).sort(compareText)) cols.push(`    CONSTRAINT ${quoteIdent(name)} ${t.constraints[name].definition}`);
  const out = [`CREATE FOREIGN TABLE ${rel} (${cols.length ? `\n${cols.join(',\n')}\n` : ''}) SERVER ${quoteIdent(t.server)}${createOptions(t.options).clause};`];
  if (t.comment !== undefined) out.push(comment(`FOREIGN TABLE ${rel}`, t.comment));
  for (const c of t.columns) if (c.comment !== undefined) out.push(comment(`COLUMN ${rel}.${quoteIdent(c.name)}`, c.comment));
  for (const c of t.columns) out.push(...columnStorageSql(rel, c));
  out.push(...creationGrants({ object: key, label: '', on: `TABLE ${rel}` }, t.privileges, []));
  // A foreign partition is created with its own columns (so their OPTIONS are kept) and attached
  // after its parent exists (fix-order puts ATTACH after the tables).
  if (t.partitionOf) out.push(attachSql(t));
  for (const name of Object.keys(t.triggers ?? {}).sort(compareText)) out.push(...triggerStatements(rel, t.triggers![name]));
  return out;
}

function attachSql(t: ForeignTableDef): string {
  return `ALTER TABLE ${keyToSql(t.partitionOf!)} ATTACH PARTITION ${qname(t.schema, t.name)} ${t.partitionBound};`;
}

const partitionWords = (t: ForeignTableDef) => (t.partitionOf ? `a partition of ${t.partitionOf} ${t.partitionBound}` : 'not a partition');

/** Partition membership and bound: a foreign partition holds no rows here, so detaching and attaching loses nothing. */
function partitionActions(e: ForeignTableDef, a: ForeignTableDef, what: string[]): string[] {
  if ((e.partitionOf ?? '') === (a.partitionOf ?? '') && normalizeSql(e.partitionBound) === normalizeSql(a.partitionBound)) return [];
  what.push(`it is ${partitionWords(a)} instead of ${partitionWords(e)}`);
  const out: string[] = [];
  if (a.partitionOf) out.push(`ALTER TABLE ${keyToSql(a.partitionOf)} DETACH PARTITION ${qname(a.schema, a.name)};`);
  if (e.partitionOf) out.push(attachSql(e));
  return out;
}

/** Column differences as ALTER FOREIGN TABLE actions (no data is stored here, so nothing is lost). */
function columnActions(e: ForeignTableDef, a: ForeignTableDef, what: string[]): string[] {
  const actions: string[] = [];
  const live = new Map(a.columns.map((c) => [c.name, c]));
  const want = new Set(e.columns.map((c) => c.name));
  for (const c of a.columns) {
    if (!want.has(c.name)) {
      what.push(`column ${c.name} exists only live`);
      actions.push(`DROP COLUMN IF EXISTS ${quoteIdent(c.name)}`);
    }
  }
  for (const c of e.columns) {
    const col = quoteIdent(c.name);
    const l = live.get(c.name);
    if (!l) {
      what.push(`column ${c.name} is missing`);
      actions.push(`ADD COLUMN ${columnDefSql(c)}`);
      continue;
    }
    if (c.type !== l.type || (c.collation ?? '') !== (l.collation ?? '')) {
      what.push(`column ${c.name} is ${l.type}${l.collation ? ` COLLATE ${l.collation}` : ''} instead of ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ''}`);
      actions.push(`ALTER COLUMN ${col} TYPE ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ''}`);
    }
    if (c.notNull !== l.notNull) {
      what.push(`column ${c.name} is ${l.notNull ? '' : 'not '}NOT NULL`);
      actions.push(`ALTER COLUMN ${col} ${c.notNull ? 'SET' : 'DROP'} NOT NULL`);
    }
    if (normalizeSql(c.default) !== normalizeSql(l.default)) {
      what.push(`column ${c.name} has default ${l.default ?? 'none'} instead of ${c.default ?? 'none'}`);
      actions.push(c.default !== undefined ? `ALTER COLUMN ${col} SET DEFAULT ${c.default}` : `ALTER COLUMN ${col} DROP DEFAULT`);
    }
    const opts = optionsDelta(c.options, l.options);
    for (const change of opts.changes) what.push(`column ${c.name} option ${change}`);
    if (opts.clause) actions.push(`ALTER COLUMN ${col} ${opts.clause}`);
  }
  return actions;
}

function constraintActions(e: ForeignTableDef, a: ForeignTableDef, what: string[]): string[] {
  const actions: string[] = [];
  for (const name of sortedKeys(e.constraints, a.constraints)) {
    const want = e.constraints[name];
    const have = a.constraints[name];
    if (want && have && normalizeSql(want.definition) === normalizeSql(have.definition)) continue;
    if (have) actions.push(`DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`);
    if (want) actions.push(`ADD CONSTRAINT ${quoteIdent(name)} ${want.definition}`);
    what.push(!have ? `constraint ${name} (${want.definition}) is missing` : !want ? `constraint ${name} (${have.definition}) exists only live`
      : `constraint ${name} is ${have.definition} instead of ${want.definition}`);
  }
  return actions;
}

export function diffForeignTables(ctx: DiffContext): void {
  const expected = ctx.expected.foreignTables ?? {};
  const actual = ctx.actual.foreignTables ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      problem(ctx, 'missing-foreign-table', key, `Foreign table ${key} (server ${e.server}) is missing in the live database.`, createForeignTableStatements(ctx, key, e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-foreign-table', key, `Foreign table ${key} (server ${a.server}) exists in the live database but not in the expected schema.`,
        `DROP FOREIGN TABLE IF EXISTS ${keyToSql(key)};`);
      continue;
    }
    const rel = qname(e.schema, e.name);
    if (e.server !== a.server) {
      // There is no ALTER ... SET SERVER; a foreign table holds no rows, so it is re-created, and
      // the views that read it with it.
      problem(ctx, 'foreign-table-mismatch', key, `Foreign table ${key} reads from server ${a.server} in the live database but from ${e.server} in the expected schema.`,
        (() => {
          const views = dependentViewRecreation(ctx, key);
          return [...views.filter((v) => v.startsWith('DROP ')), `DROP FOREIGN TABLE IF EXISTS ${rel};`, ...createForeignTableStatements(ctx, key, e),
            ...views.filter((v) => !v.startsWith('DROP '))];
        })());
      continue;
    }
    const what: string[] = [];
    const actions: string[] = [];
    const opts = optionsDelta(e.options, a.options);
    for (const change of opts.changes) what.push(`option ${change}`);
    if (opts.clause) actions.push(opts.clause);
    const partition = partitionActions(e, a, what);
    actions.push(...constraintActions(e, a, what), ...columnActions(e, a, what));
    if (what.length) {
      const alters = [...actions.map((act) => `ALTER FOREIGN TABLE ${rel} ${act};`), ...partition];
      // A column a view reads cannot change its type (or go away) under the view: the views are
      // dropped first and re-created after.
      const views = actions.some((act) => / TYPE |^DROP COLUMN /.test(act)) ? dependentViewRecreation(ctx, key) : [];
      problem(ctx, 'foreign-table-mismatch', key, `Foreign table ${key} differs in the live database: ${what.join('; ')}.`,
        [...views.filter((v) => v.startsWith('DROP ')), ...alters, ...views.filter((v) => !v.startsWith('DROP '))]);
    }
    diffTriggers(ctx, key, rel, e.triggers ?? {}, a.triggers ?? {});
    diffComment(ctx, key, `foreign table ${key}`, `FOREIGN TABLE ${rel}`, e.comment, a.comment);
    diffPrivileges(ctx, { object: key, label: `foreign table ${key}`, on: `TABLE ${rel}` }, e.privileges, a.privileges);
    const live = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of e.columns) {
      const l = live.get(c.name);
      if (!l) continue;
      const object = memberKey(key, c.name);
      diffColumnStorage(ctx, object, rel, c, l);
      diffComment(ctx, object, `column ${object}`, `COLUMN ${rel}.${quoteIdent(c.name)}`, c.comment, l.comment);
    }
  }
}
