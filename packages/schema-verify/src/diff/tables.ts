/**
 * Tables and what hangs off them: columns, constraints, triggers, RLS, policies, and indexes.
 *
 * Partitions and inheritance children repeat their parent's columns and constraints; when the
 * parent has the same difference, only the parent is reported, because its fix (ADD COLUMN,
 * SET NOT NULL, ADD CONSTRAINT, CREATE INDEX on the parent) recurses to the children.
 */
import type { ColumnDef, ConstraintDef, IndexDef, PolicyDef, SchemaModel, TableDef, TriggerDef } from '../model.ts';
import { compareText, memberKey, qualifiedKey, splitKey } from '../model.ts';
import { advise, extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { creationGrants, diffComment, diffPrivileges, newObjectBaseline } from './privileges.ts';
import { columnSql, comment, createIndexSql, identityOptionsSql, keyToSql, normalizeSql, qname, quoteIdent, quoteLiteral, quoteRole, statement } from './sql.ts';
import { columnStorageSql, diffColumnStorage } from './column-storage.ts';
import { defaultSequenceOptions, identityRegclass, narrowBoundsSql, sequenceOptionClauses } from './sequence-bounds.ts';
import { diffRules, ruleStatements } from './rules.ts';
import { dropWithNotes } from './usage.ts';
import { dependentViewRecreation } from './views.ts';


function parentsOf(t: TableDef): string[] {
  return t.partitionOf ? [t.partitionOf] : (t.inherits ?? []);
}

// ---------- statement builders ----------

export function triggerStatements(relSql: string, trigger: TriggerDef): string[] {
  const out = [statement(trigger.definition)];
  if (trigger.enabled !== 'O') out.push(enableTriggerSql(relSql, trigger));
  if (trigger.comment !== undefined) out.push(comment(`TRIGGER ${quoteIdent(trigger.name)} ON ${relSql}`, trigger.comment));
  return out;
}

function enableTriggerSql(relSql: string, trigger: TriggerDef): string {
  const how = { O: 'ENABLE', D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }[trigger.enabled];
  return `ALTER TABLE ${relSql} ${how} TRIGGER ${quoteIdent(trigger.name)};`;
}

function policySql(relSql: string, p: PolicyDef): string {
  let s = `CREATE POLICY ${quoteIdent(p.name)} ON ${relSql} AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${p.command} TO ${p.roles.map(quoteRole).join(', ')}`;
  if (p.using !== undefined) s += ` USING (${p.using})`;
  if (p.withCheck !== undefined) s += ` WITH CHECK (${p.withCheck})`;
  return `${s};`;
}

function policyStatements(relSql: string, p: PolicyDef): string[] {
  const out = [policySql(relSql, p)];
  if (p.comment !== undefined) out.push(comment(`POLICY ${quoteIdent(p.name)} ON ${relSql}`, p.comment));
  return out;
}

function addConstraintSql(relSql: string, c: ConstraintDef): string {
  return `ALTER TABLE ${relSql} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition};`;
}

function dropConstraintSql(relSql: string, name: string): string {
  return `ALTER TABLE ${relSql} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`;
}

/** Index statements for a relation the fix creates or re-creates (CREATE INDEX + comment). */
export function indexStatements(ctx: DiffContext, relKey: string): string[] {
  const out: string[] = [];
  for (const key of indexesByTable(ctx.expected).get(relKey) ?? []) {
    const idx = ctx.expected.indexes[key];
    out.push(createIndexSql(idx.definition), ...indexStatisticsSql(idx));
    if (idx.comment !== undefined) out.push(comment(`INDEX ${qname(idx.schema, idx.name)}`, idx.comment));
  }
  return out;
}

/** ALTER INDEX ... ALTER COLUMN n SET STATISTICS from `have` (none: a new index) to `want`'s. */
function indexStatisticsSql(want: IndexDef, have?: IndexDef): string[] {
  const target = (list: string[] | undefined) => new Map((list ?? []).map((s) => s.split('=') as [string, string]));
  const w = target(want.statistics);
  const h = target(have?.statistics);
  const out: string[] = [];
  for (const n of new Set([...w.keys(), ...h.keys()])) {
    if (w.get(n) !== h.get(n)) out.push(`ALTER INDEX ${qname(want.schema, want.name)} ALTER COLUMN ${n} SET STATISTICS ${w.get(n) ?? -1};`);
  }
  return out;
}

/** The CLUSTER ON mark, which goes away with the index when the fix re-creates it. */
function clusterSql(ctx: DiffContext, idx: IndexDef): string[] {
  const t = ctx.expected.tables[idx.table];
  return t?.clusterOn === idx.name ? [`ALTER TABLE ${qname(t.schema, t.name)} CLUSTER ON ${quoteIdent(idx.name)};`] : [];
}

const indexKeysByTable = new WeakMap<SchemaModel['indexes'], Map<string, string[]>>();

/**
 * Index keys per table key, each list sorted; built once per model, since a fix that creates many
 * relations would otherwise sort every index of the database once per relation.
 */
function indexesByTable(model: SchemaModel): Map<string, string[]> {
  let byTable = indexKeysByTable.get(model.indexes);
  if (!byTable) {
    byTable = new Map();
    for (const key of Object.keys(model.indexes).sort(compareText)) {
      const table = model.indexes[key].table;
      const list = byTable.get(table);
      if (list) list.push(key);
      else byTable.set(table, [key]);
    }
    indexKeysByTable.set(model.indexes, byTable);
  }
  return byTable;
}

function columnExtras(relSql: string, col: ColumnDef): string[] {
  const out: string[] = [];
  if (col.comment !== undefined) out.push(comment(`COLUMN ${relSql}.${quoteIdent(col.name)}`, col.comment));
  if (col.privileges) {
    out.push(...creationGrants({ object: '', label: '', on: `TABLE ${relSql}`, column: col.name }, col.privileges, []));
  }
  return out;
}

/**
 * Everything to create a missing table the way pg_dump does: the table with all its columns
 * (a partition stand-alone, attached after its own indexes exist so they are attached rather than
 * duplicated), defaults as separate statements (they may call functions the fix creates later),
 * then constraints, indexes, triggers, RLS, policies, comments and grants.
 */
export function createTableStatements(ctx: DiffContext, key: string): string[] {
  const t = ctx.expected.tables[key];
  const rel = qname(t.schema, t.name);
  const isPartition = t.partitionOf !== undefined;
  const cols = isPartition ? t.columns : t.columns.filter((c) => !c.notLocal);
  let create = `CREATE ${t.unlogged ? 'UNLOGGED ' : ''}TABLE ${rel} (`;
  create += cols.length ? `\n${cols.map((c) => `    ${columnSql(c, false)}`).join(',\n')}\n)` : ')';
  if (!isPartition && t.inherits?.length) create += ` INHERITS (${t.inherits.map((p) => keyToSql(p)).join(', ')})`;
  if (t.partitionKey) create += ` PARTITION BY ${t.partitionKey}`;
  const out = [`${create};`];
  for (const c of t.columns) {
    if (c.default !== undefined) out.push(`ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`);
  }
  for (const name of Object.keys(t.constraints).sort(compareText)) {
    const c = t.constraints[name];
    // INHERITS children receive their parents' CHECK constraints automatically.
    if (!isPartition && c.inherited && !c.parent && t.inherits?.length) continue;
    out.push(addConstraintSql(rel, c));
    if (c.comment !== undefined) out.push(comment(`CONSTRAINT ${quoteIdent(c.name)} ON ${rel}`, c.comment));
  }
  out.push(...indexStatements(ctx, key));
  if (isPartition) out.push(`ALTER TABLE ${keyToSql(t.partitionOf!)} ATTACH PARTITION ${rel} ${t.partitionBound};`);
  for (const name of Object.keys(t.triggers).sort(compareText)) out.push(...triggerStatements(rel, t.triggers[name]));
  out.push(...ruleStatements(rel, t.rules));
  out.push(...storageSql(rel, t.storage, undefined));
  if (t.replicaIdentity !== undefined) out.push(`ALTER TABLE ${rel} REPLICA IDENTITY ${replicaIdentitySql(t)};`);
  if (t.rowSecurity) out.push(`ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`);
  if (t.forceRowSecurity) out.push(`ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`);
  for (const name of Object.keys(t.policies).sort(compareText)) out.push(...policyStatements(rel, t.policies[name]));
  if (t.comment !== undefined) out.push(comment(`TABLE ${rel}`, t.comment));
  out.push(...creationGrants({ object: key, label: '', on: `TABLE ${rel}` }, t.privileges, newObjectBaseline(ctx, t.schema, 'r')));
  for (const c of t.columns) out.push(...columnExtras(rel, c), ...columnStorageSql(rel, c));
  if (t.accessMethod) out.push(accessMethodSql(rel, t));
  if (t.ofType) out.push(`ALTER TABLE ${rel} OF ${t.ofType};`);
  if (t.clusterOn) out.push(`ALTER TABLE ${rel} CLUSTER ON ${quoteIdent(t.clusterOn)};`);
  return out;
}

function accessMethodSql(rel: string, t: TableDef): string {
  return `ALTER TABLE ${rel} SET ACCESS METHOD ${t.accessMethod ? quoteIdent(t.accessMethod) : 'heap'};`;
}

/** CREATE TABLE ... USING and CREATE TABLE ... OF type. */
function diffAccessMethodAndType(ctx: DiffContext, key: string, rel: string, exp: TableDef, act: TableDef): void {
  if ((exp.accessMethod ?? '') !== (act.accessMethod ?? '')) {
    advise(ctx, 'table-storage-mismatch', key,
      `Table ${key} uses access method ${act.accessMethod ?? 'heap'} in the live database but ${exp.accessMethod ?? 'heap'} in the expected schema (the fix rewrites the table).`,
      accessMethodSql(rel, exp));
  }
  if ((exp.clusterOn ?? '') !== (act.clusterOn ?? '')) {
    advise(ctx, 'table-storage-mismatch', key,
      `Table ${key} is marked CLUSTER ON ${act.clusterOn ?? 'no index'} in the live database but ${exp.clusterOn ?? 'no index'} in the expected schema (CLUSTER without an index name uses it).`,
      exp.clusterOn ? `ALTER TABLE ${rel} CLUSTER ON ${quoteIdent(exp.clusterOn)};` : `ALTER TABLE ${rel} SET WITHOUT CLUSTER;`);
  }
  if ((exp.ofType ?? '') !== (act.ofType ?? '')) {
    const fix: string[] = [];
    if (act.ofType) fix.push(`ALTER TABLE ${rel} NOT OF;`);
    if (exp.ofType) fix.push(`ALTER TABLE ${rel} OF ${exp.ofType};`);
    problem(ctx, 'table-type-mismatch', key,
      `Table ${key} is ${act.ofType ? `a typed table OF ${act.ofType}` : 'not a typed table'} in the live database but ${exp.ofType ? `OF ${exp.ofType}` : 'not a typed table'} in the expected schema: its columns ${exp.ofType ? 'do not' : 'do'} follow ALTER TYPE.`,
      fix);
  }
}

// ---------- diff ----------

export function diffTables(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.tables, actual.tables)) {
    const exp = expected.tables[key];
    const act = actual.tables[key];
    if (exp && !act) {
      if (exp.partitionOf && partitioningDiffers(ctx, exp.partitionOf)) {
        problem(ctx, 'missing-table', key, `Table ${key} is missing in the live database; it is a partition of ${exp.partitionOf}, which has to be re-created by hand first (see table-partitioning-mismatch).`);
        continue;
      }
      problem(ctx, 'missing-table', key, `Table ${key} is missing in the live database.`, createTableStatements(ctx, key));
    } else if (!exp && act) {
      // Dropping a partitioned table drops its partitions: report only the root.
      if (act.partitionOf && !expected.tables[act.partitionOf] && actual.tables[act.partitionOf]) continue;
      if (act.partitionOf && partitioningDiffers(ctx, act.partitionOf)) {
        // Its rows belong in the re-created parent: dropping it here would lose them.
        extra(ctx, 'extra-table', key, `Table ${key} exists in the live database but not in the expected schema; it is a partition of ${act.partitionOf}, whose rows move when that table is re-created by hand (see table-partitioning-mismatch).`);
        continue;
      }
      const rel = qname(act.schema, act.name);
      const fks = Object.values(act.constraints)
        .filter((c) => c.type === 'foreign key' && !c.inherited)
        .map((c) => dropConstraintSql(rel, c.name));
      // Its inheritance children that go too are dropped first (DROP TABLE refuses a parent with children).
      const children = Object.entries(actual.tables)
        .filter(([k, t]) => !expected.tables[k] && parentsOf(t).includes(key))
        .map(([, t]) => qname(t.schema, t.name));
      extra(ctx, 'extra-table', key, `Table ${key} exists in the live database but not in the expected schema.`, [
        // FKs first, so extra tables that reference each other drop in any order.
        ...fks,
        dropWithNotes(`DROP TABLE IF EXISTS ${rel};`, children, []),
      ]);
    } else if (exp && act) {
      diffTable(ctx, key, exp, act);
    }
  }
}

function diffTable(ctx: DiffContext, key: string, exp: TableDef, act: TableDef): void {
  const rel = qname(exp.schema, exp.name);
  const label = `table ${key}`;

  if (partitioningDiffers(ctx, key)) {
    problem(ctx, 'table-partitioning-mismatch', key,
      `Table ${key} is ${describePartitioning(exp)} in the expected schema but ${describePartitioning(act)} in the live database; changing that means re-creating the table and moving its rows, so the fix script leaves it to be done by hand: ` +
      `create the expected table under a new name with its partitions, copy the rows (INSERT INTO new SELECT * FROM ${rel}), then in one transaction rename ${rel} away and the new table to ${exp.name}, and drop the old one once the copy is checked.`);
  }
  const parentRecreated = exp.partitionOf !== undefined && partitioningDiffers(ctx, exp.partitionOf);
  if (parentRecreated && (exp.partitionOf !== act.partitionOf || normalizeSql(exp.partitionBound) !== normalizeSql(act.partitionBound))) {
    problem(ctx, 'table-partitioning-mismatch', key, `Table ${key} should be a partition of ${exp.partitionOf} ${exp.partitionBound}; it is attached when ${exp.partitionOf} is re-created by hand.`);
  } else if ((exp.partitionOf ?? '') !== (act.partitionOf ?? '') || normalizeSql(exp.partitionBound) !== normalizeSql(act.partitionBound)) {
    const fix: string[] = [];
    if (act.partitionOf) fix.push(`ALTER TABLE ${keyToSql(act.partitionOf)} DETACH PARTITION ${rel};`);
    if (exp.partitionOf) fix.push(`ALTER TABLE ${keyToSql(exp.partitionOf)} ATTACH PARTITION ${rel} ${exp.partitionBound};`);
    const want = exp.partitionOf ? `a partition of ${exp.partitionOf} ${exp.partitionBound}` : 'not a partition';
    const have = act.partitionOf ? `a partition of ${act.partitionOf} ${act.partitionBound}` : 'not a partition';
    problem(ctx, 'table-partitioning-mismatch', key, `Table ${key} should be ${want} but in the live database is ${have}.`, fix);
  }
  const expInh = (exp.partitionOf ? [] : exp.inherits ?? []).join(', ');
  const actInh = (act.partitionOf ? [] : act.inherits ?? []).join(', ');
  if (expInh !== actInh) {
    const fix: string[] = [];
    for (const p of act.inherits ?? []) if (!(exp.inherits ?? []).includes(p)) fix.push(`ALTER TABLE ${rel} NO INHERIT ${keyToSql(p)};`);
    for (const p of exp.inherits ?? []) if (!(act.inherits ?? []).includes(p)) fix.push(`ALTER TABLE ${rel} INHERIT ${keyToSql(p)};`);
    problem(ctx, 'table-inheritance-mismatch', key,
      `Table ${key} inherits from (${expInh || 'nothing'}) in the expected schema but from (${actInh || 'nothing'}) in the live database.`, fix);
  }
  if (exp.unlogged !== act.unlogged) {
    problem(ctx, 'table-persistence-mismatch', key,
      `Table ${key} is ${exp.unlogged ? 'UNLOGGED' : 'logged'} in the expected schema but ${act.unlogged ? 'UNLOGGED' : 'logged'} in the live database.`,
      `ALTER TABLE ${rel} SET ${exp.unlogged ? 'UNLOGGED' : 'LOGGED'};`);
  }

  diffStorage(ctx, key, rel, exp, act);
  diffAccessMethodAndType(ctx, key, rel, exp, act);
  if ((exp.replicaIdentity ?? '') !== (act.replicaIdentity ?? '')) {
    problem(ctx, 'replica-identity-mismatch', key,
      `Table ${key} has REPLICA IDENTITY ${replicaIdentitySql(act)} in the live database but ${replicaIdentitySql(exp)} in the expected schema; logical replication (a publication, Supabase Realtime) then sends other old-row data, or refuses UPDATE and DELETE.`,
      `ALTER TABLE ${rel} REPLICA IDENTITY ${replicaIdentitySql(exp)};`);
  }

  diffColumns(ctx, key, exp, act);
  diffConstraints(ctx, key, exp, act);
  diffTriggers(ctx, key, rel, exp.triggers, act.triggers);
  diffRules(ctx, key, rel, exp.rules, act.rules);

  if (exp.rowSecurity !== act.rowSecurity) {
    if (exp.rowSecurity) problem(ctx, 'rls-disabled', key, `Row level security is enabled on table ${key} in the expected schema but disabled in the live database.`, `ALTER TABLE ${rel} ENABLE ROW LEVEL SECURITY;`);
    else extra(ctx, 'extra-rls', key, `Row level security is enabled on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} DISABLE ROW LEVEL SECURITY;`);
  }
  if (exp.forceRowSecurity !== act.forceRowSecurity) {
    if (exp.forceRowSecurity) problem(ctx, 'rls-not-forced', key, `Row level security is forced on table ${key} in the expected schema but not in the live database.`, `ALTER TABLE ${rel} FORCE ROW LEVEL SECURITY;`);
    else extra(ctx, 'extra-rls-force', key, `Row level security is forced on table ${key} in the live database but not in the expected schema.`, `ALTER TABLE ${rel} NO FORCE ROW LEVEL SECURITY;`);
  }
  diffPolicies(ctx, key, rel, exp, act);
  diffComment(ctx, key, label, `TABLE ${rel}`, exp.comment, act.comment);
  diffPrivileges(ctx, { object: key, label, on: `TABLE ${rel}` }, exp.privileges, act.privileges);
}

function replicaIdentitySql(t: TableDef): string {
  const r = t.replicaIdentity;
  return r === undefined ? 'DEFAULT' : r.startsWith('index ') ? `USING INDEX ${r.slice(6)}` : r.toUpperCase();
}

/** `name=value` as reloptions prints it → the name and a value SET (...) accepts. */
function storageOption(option: string): [string, string] {
  const at = option.indexOf('=');
  const name = option.slice(0, at);
  const value = option.slice(at + 1);
  return [name, /^[\w.+-]+$/.test(value) ? value : quoteLiteral(value)];
}

function storageSql(rel: string, want: string[] | undefined, have: string[] | undefined): string[] {
  const w = new Map((want ?? []).map(storageOption));
  const h = new Map((have ?? []).map(storageOption));
  const set = [...w].filter(([k, v]) => h.get(k) !== v).map(([k, v]) => `${k}=${v}`);
  const reset = [...h.keys()].filter((k) => !w.has(k));
  const out: string[] = [];
  if (set.length) out.push(`ALTER TABLE ${rel} SET (${set.join(', ')});`);
  if (reset.length) out.push(`ALTER TABLE ${rel} RESET (${reset.join(', ')});`);
  return out;
}

/** Storage parameters (fillfactor, per-table autovacuum): they change performance, not results, so a warning. */
function diffStorage(ctx: DiffContext, key: string, rel: string, exp: TableDef, act: TableDef): void {
  const fix = storageSql(rel, exp.storage, act.storage);
  if (!fix.length) return;
  const show = (t: TableDef) => (t.storage?.length ? `(${t.storage.join(', ')})` : 'none');
  advise(ctx, 'table-storage-mismatch', key, `Table ${key} has storage parameters ${show(act)} in the live database but ${show(exp)} in the expected schema.`, fix);
}

/** True when a table exists on both sides but is partitioned differently (or only on one side). */
function partitioningDiffers(ctx: DiffContext, key: string): boolean {
  const exp = ctx.expected.tables[key];
  const act = ctx.actual.tables[key];
  return exp !== undefined && act !== undefined && (exp.kind !== act.kind || (exp.partitionKey ?? '') !== (act.partitionKey ?? ''));
}

function describePartitioning(t: TableDef): string {
  return t.kind === 'partitioned table' ? `partitioned by ${t.partitionKey}` : 'not partitioned';
}

function columnMap(cols: ColumnDef[]): Map<string, ColumnDef> {
  return new Map(cols.map((c) => [c.name, c]));
}

/**
 * True when a parent table shows the very same difference on this column, so the parent's fix
 * (which recurses) covers this table too.
 */
function parentHasSame(ctx: DiffContext, exp: TableDef, colName: string, pick: (c: ColumnDef | undefined) => string): boolean {
  for (const p of parentsOf(exp)) {
    const pe = ctx.expected.tables[p]?.columns.find((c) => c.name === colName);
    const pa = ctx.actual.tables[p]?.columns.find((c) => c.name === colName);
    const te = exp.columns.find((c) => c.name === colName);
    const ta = ctx.actual.tables[qualifiedKey(exp.schema, exp.name)]?.columns.find((c) => c.name === colName);
    if (ctx.expected.tables[p] && ctx.actual.tables[p] && pick(pe) === pick(te) && pick(pa) === pick(ta) && pick(pe) !== pick(pa)) return true;
  }
  return false;
}

const present = (c: ColumnDef | undefined) => (c ? 'yes' : 'no');

function diffColumns(ctx: DiffContext, key: string, exp: TableDef, act: TableDef): void {
  const rel = qname(exp.schema, exp.name);
  const expCols = columnMap(exp.columns);
  const actCols = columnMap(act.columns);
  const livePartsOf = (t: TableDef) => t.columns.map((c) => c.name);

  for (const col of exp.columns) {
    const object = memberKey(key, col.name);
    const live = actCols.get(col.name);
    if (!live) {
      if (col.inherited && parentHasSame(ctx, exp, col.name, present)) continue;
      problem(ctx, 'missing-column', object, `Column ${object} (${col.type}) is missing in the live database.`, [
        `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, true)};`,
        ...columnExtras(rel, col),
        ...columnStorageSql(rel, col),
      ]);
      continue;
    }
    diffColumn(ctx, key, rel, exp, col, live);
  }
  for (const live of act.columns) {
    if (expCols.has(live.name)) continue;
    const object = memberKey(key, live.name);
    if (live.inherited) {
      const parentExtra = parentsOf(act).some((p) => {
        const pa = ctx.actual.tables[p];
        const pe = ctx.expected.tables[p];
        return pa && pe && livePartsOf(pa).includes(live.name) && !livePartsOf(pe).includes(live.name);
      });
      if (parentExtra) continue;
    }
    extra(ctx, 'extra-column', object, `Column ${object} (${live.type}) exists in the live database but not in the expected schema.`,
      `ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${quoteIdent(live.name)};`);
  }
  diffColumnOrder(ctx, key, exp, act);
}

/**
 * The order of the columns both sides have. It matters to `SELECT *`, to COPY and INSERT without a
 * column list, and to anything that reads rows by position; changing it means re-creating the
 * table, so this is a notice with no fix. Tables with a parent are left out: their column order
 * follows how they were attached, which pg_dump does not keep either.
 */
function diffColumnOrder(ctx: DiffContext, key: string, exp: TableDef, act: TableDef): void {
  if (exp.partitionOf || act.partitionOf || exp.inherits?.length || act.inherits?.length) return;
  const inExp = new Set(exp.columns.map((c) => c.name));
  const inAct = new Set(act.columns.map((c) => c.name));
  const want = exp.columns.map((c) => c.name).filter((n) => inAct.has(n));
  const have = act.columns.map((c) => c.name).filter((n) => inExp.has(n));
  if (want.join('\u0000') === have.join('\u0000')) return;
  advise(ctx, 'column-order-differs', key,
    `Columns of table ${key} are in the order (${have.join(', ')}) in the live database but (${want.join(', ')}) in the expected schema; SELECT *, and COPY or INSERT without a column list, see them in another order. Re-create the table to change it, if anything depends on it.`,
    undefined, 'notice');
}

function diffColumn(ctx: DiffContext, key: string, rel: string, table: TableDef, col: ColumnDef, live: ColumnDef): void {
  const object = memberKey(key, col.name);
  const ident = quoteIdent(col.name);
  const alter = `ALTER TABLE ${rel} ALTER COLUMN ${ident}`;
  const same = (pick: (c: ColumnDef | undefined) => string) => col.inherited && parentHasSame(ctx, table, col.name, pick);
  const collate = col.collation ? ` COLLATE ${col.collation}` : '';

  // Every difference of the column is reported in one run. When the expected column is generated,
  // its fix drops and re-adds the column as expected (PostgreSQL 15 cannot change or add a
  // generation expression in place), which also sets its type, NOT NULL and default: the other
  // findings then carry no fix of their own, since ALTER COLUMN ... TYPE ... USING fails on a
  // generated column.
  let recreated = false;
  if (col.generated !== live.generated) {
    if (col.generated === undefined) {
      // DROP EXPRESSION sorts before the other column fixes (fix-order), which then apply to a plain column.
      problem(ctx, 'column-generated-mismatch', object, `Column ${object} is a generated column in the live database but a plain column in the expected schema.`,
        `${alter} DROP EXPRESSION IF EXISTS;`);
    } else {
      recreated = true;
      // The stored values are recomputed, so dropping and re-adding loses nothing.
      if (!same((c) => c?.generated ?? '')) {
        problem(ctx, 'column-generated-mismatch', object,
          `Column ${object} should be GENERATED ALWAYS AS (${col.generated}) STORED but is ${live.generated === undefined ? 'a plain column' : `generated as (${live.generated})`} in the live database.`,
          [`ALTER TABLE ${rel} DROP COLUMN IF EXISTS ${ident};`, `ALTER TABLE ${rel} ADD COLUMN IF NOT EXISTS ${columnSql(col, true)};`, ...columnExtras(rel, col)]);
      }
    }
  }
  const covered = ' The column-generated-mismatch fix re-creates the column with it.';
  const report = (rule: string, message: string, fix: string[] | string) =>
    recreated ? problem(ctx, rule, object, message + covered) : problem(ctx, rule, object, message, fix);

  if (col.type !== live.type && !same((c) => c?.type ?? '')) {
    // A default of the old type cannot be cast along with the column ("default for column cannot
    // be cast automatically"): drop it first, convert, then set the expected one.
    const aroundDefault = live.default !== undefined && live.generated === undefined;
    report('column-type-mismatch', `Column ${object} is ${live.type} in the live database but ${col.type} in the expected schema.`, [
      // Views that read the table block ALTER COLUMN TYPE; drop and re-create them around it.
      ...dependentViewRecreation(ctx, key),
      ...(aroundDefault ? [`${alter} DROP DEFAULT;`] : []),
      // A generated column (same expression on both sides) recomputes itself and refuses USING.
      `${alter} TYPE ${col.type}${collate}${col.generated === undefined ? ` USING ${ident}::${col.type}` : ''};`,
      ...(aroundDefault && col.default !== undefined ? [`${alter} SET DEFAULT ${col.default};`] : []),
    ]);
  } else if ((col.collation ?? '') !== (live.collation ?? '') && !same((c) => c?.collation ?? '')) {
    report('column-collation-mismatch',
      `Column ${object} uses collation ${live.collation ?? 'default'} in the live database but ${col.collation ?? 'default'} in the expected schema.`, [
        ...dependentViewRecreation(ctx, key),
        `${alter} TYPE ${col.type} COLLATE ${col.collation ?? 'pg_catalog."default"'};`,
      ]);
  }
  if (col.notNull !== live.notNull && !same((c) => String(c?.notNull))) {
    report('column-nullability-mismatch',
      col.notNull ? `Column ${object} is NOT NULL in the expected schema but nullable in the live database.` : `Column ${object} is nullable in the expected schema but NOT NULL in the live database.`,
      `${alter} ${col.notNull ? 'SET' : 'DROP'} NOT NULL;`);
  }
  if ((col.default ?? '') !== (live.default ?? '') && !same((c) => c?.default ?? '')) {
    report('column-default-mismatch',
      col.default === undefined ? `Column ${object} has DEFAULT ${live.default} in the live database but no default in the expected schema.`
        : live.default === undefined ? `Column ${object} is missing its DEFAULT ${col.default} in the live database.`
          : `Column ${object} has DEFAULT ${live.default} in the live database but DEFAULT ${col.default} in the expected schema.`,
      col.default === undefined ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${col.default};`);
  }
  if (col.identity !== live.identity) {
    const word = (i: ColumnDef['identity']) => (i === 'always' ? 'ALWAYS' : 'BY DEFAULT');
    const fix = col.identity === undefined ? [`${alter} DROP IDENTITY IF EXISTS;`]
      : live.identity === undefined ? [...(live.default !== undefined ? [`${alter} DROP DEFAULT;`] : []), `${alter} SET NOT NULL;`, `${alter} ADD GENERATED ${word(col.identity)} AS IDENTITY${identityOptionsSql(col)};`]
        : [`${alter} SET GENERATED ${word(col.identity)};`];
    report('column-identity-mismatch',
      `Column ${object} is ${col.identity ? `GENERATED ${word(col.identity)} AS IDENTITY` : 'not an identity column'} in the expected schema but ${live.identity ? `GENERATED ${word(live.identity)} AS IDENTITY` : 'not an identity column'} in the live database.`, fix);
  }
  if (col.identity !== undefined && live.identity !== undefined && !same((c) => JSON.stringify(c?.identityOptions ?? null))) {
    diffIdentityOptions(ctx, object, rel, col, live);
  }
  diffColumnStorage(ctx, object, rel, col, live);
  diffComment(ctx, object, `column ${object}`, `COLUMN ${rel}.${ident}`, col.comment, live.comment);
  const liveTable = ctx.actual.tables[key];
  diffPrivileges(ctx, { object, label: `column ${object}`, on: `TABLE ${rel}`, column: col.name },
    col.privileges ?? (table.privileges ? [] : undefined), live.privileges ?? (liveTable?.privileges ? [] : undefined));
}

/** START, INCREMENT, bounds, CACHE and CYCLE of an identity column's sequence. */
function diffIdentityOptions(ctx: DiffContext, object: string, rel: string, col: ColumnDef, live: ColumnDef): void {
  const want = col.identityOptions ?? defaultSequenceOptions(identityType(col.type));
  const have = live.identityOptions ?? defaultSequenceOptions(identityType(live.type));
  const fields = (['start', 'increment', 'min', 'max', 'cache', 'cycle'] as const).filter((f) => want[f] !== have[f]);
  if (!fields.length) return;
  const message = `Identity column ${object} has sequence options ${fields.map((f) => `${f} ${have[f]}`).join(', ')} in the live database but ${fields.map((f) => `${f} ${want[f]}`).join(', ')} in the expected schema.`;
  if (BigInt(want.increment) > 0n !== BigInt(have.increment) > 0n) {
    // The live counter lies outside the other direction's range (setval refuses it under the old
    // bounds, ALTER refuses the new bounds around it); where to restart depends on the rows.
    problem(ctx, 'column-identity-mismatch', object, `${message} The sequence counts the other way: fix it by hand, with ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(col.name)} ${sequenceOptionClauses(want).map((o) => `SET ${o}`).join(' ')} RESTART WITH a value no row uses.`);
    return;
  }
  problem(ctx, 'column-identity-mismatch', object, message,
    [...narrowBoundsSql(identityRegclass(rel, col.name), want, have),
      `ALTER TABLE ${rel} ALTER COLUMN ${quoteIdent(col.name)} ${sequenceOptionClauses(want).map((o) => `SET ${o}`).join(' ')};`]);
}

/** An identity column's sequence has the column's integer type. */
function identityType(type: string): string {
  return type === 'smallint' || type === 'integer' ? type : 'bigint';
}

/** The parent's constraint this inherited one comes from, if any. */
function parentConstraint(ctx: DiffContext, table: TableDef, c: ConstraintDef): { table: string; name: string } | undefined {
  if (c.parent) {
    const [schema, relation, name] = splitKey(c.parent);
    const parent = qualifiedKey(schema, relation);
    if (parentsOf(table).includes(parent)) return { table: parent, name };
  }
  if (c.inherited) {
    // An extra inherited constraint's parent is extra too: look on both sides.
    for (const p of parentsOf(table)) if (ctx.expected.tables[p]?.constraints[c.name] ?? ctx.actual.tables[p]?.constraints[c.name]) return { table: p, name: c.name };
  }
  return undefined;
}

type ConstraintState = 'missing' | 'extra' | 'different' | 'same';
function constraintState(ctx: DiffContext, tableKey: string, name: string): ConstraintState {
  const e = ctx.expected.tables[tableKey]?.constraints[name];
  const a = ctx.actual.tables[tableKey]?.constraints[name];
  if (e && !a) return 'missing';
  if (!e && a) return 'extra';
  if (e && a && (e.type !== a.type || normalizeSql(e.definition) !== normalizeSql(a.definition))) return 'different';
  return 'same';
}

/** Foreign keys in the live database that point at `tableKey`: they block dropping its PK/UNIQUE. */
function dependentForeignKeys(ctx: DiffContext, tableKey: string): string[] {
  const drops: string[] = [];
  const adds: string[] = [];
  for (const k of Object.keys(ctx.actual.tables).sort(compareText)) {
    const t = ctx.actual.tables[k];
    for (const c of Object.values(t.constraints)) {
      if (c.type !== 'foreign key' || c.references !== tableKey) continue;
      const rel = qname(t.schema, t.name);
      drops.push(dropConstraintSql(rel, c.name));
      const want = ctx.expected.tables[k]?.constraints[c.name];
      if (want) adds.push(addConstraintSql(rel, want));
    }
  }
  return [...drops, ...adds];
}

function diffConstraints(ctx: DiffContext, key: string, exp: TableDef, act: TableDef): void {
  const rel = qname(exp.schema, exp.name);
  for (const name of sortedKeys(exp.constraints, act.constraints)) {
    const e = exp.constraints[name];
    const a = act.constraints[name];
    const object = memberKey(key, name);
    const state = constraintState(ctx, key, name);
    const inheritedFrom = parentConstraint(ctx, exp, e ?? a);
    if (state !== 'same' && inheritedFrom && constraintState(ctx, inheritedFrom.table, inheritedFrom.name) === state) continue;
    if (state === 'missing') {
      const fix = [addConstraintSql(rel, e)];
      const parent = e.parent && parentConstraint(ctx, exp, e);
      if (parent && e.type !== 'check' && ctx.actual.tables[parent.table]?.constraints[parent.name]) {
        const pt = ctx.expected.tables[parent.table];
        fix.push(`ALTER INDEX ${qname(pt.schema, parent.name)} ATTACH PARTITION ${qname(exp.schema, e.name)};`);
      }
      if (e.comment !== undefined) fix.push(comment(`CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment));
      problem(ctx, 'missing-constraint', object, `${cap(e.type)} constraint ${object} (${e.definition}) is missing in the live database.`, fix);
    } else if (state === 'extra') {
      const fks = a.type === 'primary key' || a.type === 'unique' ? dependentForeignKeys(ctx, key) : [];
      extra(ctx, 'extra-constraint', object, `${cap(a.type)} constraint ${object} (${a.definition}) exists in the live database but not in the expected schema.`,
        [...fks.filter((s) => s.includes(' DROP ')), dropConstraintSql(rel, name), ...fks.filter((s) => !s.includes(' DROP '))]);
    } else if (state === 'different') {
      const fks = a.type === 'primary key' || a.type === 'unique' ? dependentForeignKeys(ctx, key) : [];
      const fix = [...fks.filter((s) => s.includes(' DROP ')), dropConstraintSql(rel, name), addConstraintSql(rel, e), ...fks.filter((s) => !s.includes(' DROP '))];
      if (e.comment !== undefined) fix.push(comment(`CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment));
      problem(ctx, 'constraint-definition-mismatch', object,
        `Constraint ${object} is ${a.definition} in the live database but ${e.definition} in the expected schema.`, fix);
    }
    if (e && a && state === 'same') {
      diffComment(ctx, object, `constraint ${object}`, `CONSTRAINT ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

export function diffTriggers(ctx: DiffContext, key: string, rel: string, exp: Record<string, TriggerDef>, act: Record<string, TriggerDef>): void {
  for (const name of sortedKeys(exp, act)) {
    const e = exp[name];
    const a = act[name];
    const object = memberKey(key, name);
    const drop = `DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${rel};`;
    if (e && !a) {
      problem(ctx, 'missing-trigger', object, `Trigger ${object} is missing in the live database.`, triggerStatements(rel, e));
    } else if (!e && a) {
      extra(ctx, 'extra-trigger', object, `Trigger ${object} exists in the live database but not in the expected schema.`, drop);
    } else if (e && a) {
      if (normalizeSql(e.definition) !== normalizeSql(a.definition)) {
        problem(ctx, 'trigger-definition-mismatch', object, `Trigger ${object} is defined differently in the live database (${a.definition}) than in the expected schema (${e.definition}).`,
          [drop, ...triggerStatements(rel, e)]);
        continue;
      }
      if (e.enabled !== a.enabled) {
        const words = { O: 'enabled', D: 'disabled', R: 'enabled on replicas only', A: 'always enabled' };
        problem(ctx, 'trigger-enabled-mismatch', object, `Trigger ${object} is ${words[a.enabled]} in the live database but ${words[e.enabled]} in the expected schema.`,
          enableTriggerSql(rel, e));
      }
      diffComment(ctx, object, `trigger ${object}`, `TRIGGER ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}

function diffPolicies(ctx: DiffContext, key: string, rel: string, exp: TableDef, act: TableDef): void {
  for (const name of sortedKeys(exp.policies, act.policies)) {
    const e = exp.policies[name];
    const a = act.policies[name];
    const object = memberKey(key, name);
    const drop = `DROP POLICY IF EXISTS ${quoteIdent(name)} ON ${rel};`;
    if (e && !a) {
      problem(ctx, 'missing-policy', object, `Policy ${object} is missing in the live database.`, policyStatements(rel, e));
    } else if (!e && a) {
      extra(ctx, 'extra-policy', object, `Policy ${object} exists in the live database but not in the expected schema.`, drop);
    } else if (e && a) {
      if (policySql(rel, e) !== policySql(rel, a)) {
        problem(ctx, 'policy-definition-mismatch', object,
          `Policy ${object} is "${policySql(rel, a).slice(0, -1)}" in the live database but "${policySql(rel, e).slice(0, -1)}" in the expected schema.`,
          [drop, ...policyStatements(rel, e)]);
        continue;
      }
      diffComment(ctx, object, `policy ${object}`, `POLICY ${quoteIdent(name)} ON ${rel}`, e.comment, a.comment);
    }
  }
}

// ---------- indexes ----------

function relationExistsInBoth(ctx: DiffContext, relKey: string): boolean {
  return Boolean((ctx.expected.tables[relKey] && ctx.actual.tables[relKey]) || (ctx.expected.views[relKey] && ctx.actual.views[relKey]));
}

function indexState(ctx: DiffContext, key: string): ConstraintState {
  const e = ctx.expected.indexes[key];
  const a = ctx.actual.indexes[key];
  if (e && !a) return 'missing';
  if (!e && a) return 'extra';
  if (e && a && normalizeSql(e.definition) !== normalizeSql(a.definition)) return 'different';
  return 'same';
}

export function diffIndexes(ctx: DiffContext): void {
  const { expected, actual } = ctx;
  for (const key of sortedKeys(expected.indexes, actual.indexes)) {
    const e = expected.indexes[key];
    const a = actual.indexes[key];
    const state = indexState(ctx, key);
    const idx = (e ?? a) as IndexDef;
    // An index on a relation that is itself missing or extra is created/dropped with it.
    if (state === 'missing' && !relationExistsInBoth(ctx, e.table)) continue;
    if (state === 'extra' && !relationExistsInBoth(ctx, a.table)) continue;
    const parent = idx.parent;
    if (state !== 'same' && parent && indexState(ctx, parent) === state) continue;
    const name = qname(idx.schema, idx.name);
    if (state === 'missing') {
      const fix = [createIndexSql(e.definition), ...indexStatisticsSql(e), ...clusterSql(ctx, e)];
      if (e.parent && actual.indexes[e.parent]) fix.push(`ALTER INDEX ${keyToSql(e.parent)} ATTACH PARTITION ${name};`);
      if (e.comment !== undefined) fix.push(comment(`INDEX ${name}`, e.comment));
      problem(ctx, 'missing-index', key, `Index ${key} on ${e.table} is missing in the live database.`, fix);
    } else if (state === 'extra') {
      // Before its relation, should the script drop that to re-create it (a view over a swapped
      // type): DROP INDEX IF EXISTS after it would only print a NOTICE.
      extra(ctx, 'extra-index', key, `Index ${key} on ${a.table} exists in the live database but not in the expected schema.`, dropWithNotes(`DROP INDEX IF EXISTS ${name};`, [], [keyToSql(a.table)]));
    } else if (state === 'different') {
      const fix = [`DROP INDEX IF EXISTS ${name};`, createIndexSql(e.definition), ...indexStatisticsSql(e), ...clusterSql(ctx, e)];
      if (e.parent && actual.indexes[e.parent]) fix.push(`ALTER INDEX ${keyToSql(e.parent)} ATTACH PARTITION ${name};`);
      if (e.comment !== undefined) fix.push(comment(`INDEX ${name}`, e.comment));
      problem(ctx, 'index-definition-mismatch', key, `Index ${key} is "${a.definition}" in the live database but "${e.definition}" in the expected schema.`, fix);
    } else if (e && a) {
      const stats = indexStatisticsSql(e, a);
      if (stats.length) {
        advise(ctx, 'column-storage-mismatch', key,
          `Index ${key} has statistics targets (${a.statistics?.join(', ') ?? 'default'}) in the live database but (${e.statistics?.join(', ') ?? 'default'}) in the expected schema (by column number).`, stats);
      }
      diffComment(ctx, key, `index ${key}`, `INDEX ${name}`, e.comment, a.comment);
    }
  }
}
