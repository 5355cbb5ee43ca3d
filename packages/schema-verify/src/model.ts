/**
 * The normalized schema model: plain JSON data, no OIDs (they differ between databases), every
 * definition as the server prints it with an empty search_path (so names are schema-qualified and
 * two databases loaded from the same DDL print byte-identical text).
 *
 * Keys of the top-level maps are `schema.name` (functions: `schema.name(argtypes)`); they double
 * as the `object` of findings (`public.invoices`), so a name is written as is unless it contains
 * `.`, `"`, `(` or `)`, and then double-quoted (see keyPart): schema `a.b` with table `c` is
 * `"a.b".c`, schema `a` with table `b.c` is `a."b.c"`. Nested maps (constraints, triggers,
 * policies) are keyed by their own name, columns are an array in attnum order (order matters for
 * CREATE TABLE, not for the diff). References between objects (partitionOf, inherits, dependsOn,
 * references, parent, table, ownedBy) use the same keys.
 *
 * Privileges are `grantee:PRIVILEGE` strings (`PUBLIC:EXECUTE`, `app:SELECT*` where `*` marks WITH
 * GRANT OPTION), sorted, without the owner's own entries and without the grantor, so databases
 * loaded by different owners compare equal. Absent when introspected with ignorePrivileges.
 */

export interface SchemaModel {
  /** server_version_num of the introspected server, e.g. 150018. */
  serverVersionNum: number;
  schemas: Record<string, SchemaDef>;
  extensions: Record<string, ExtensionDef>;
  tables: Record<string, TableDef>;
  views: Record<string, ViewDef>;
  indexes: Record<string, IndexDef>;
  sequences: Record<string, SequenceDef>;
  functions: Record<string, FunctionDef>;
  types: Record<string, TypeDef>;
  /** Keyed by `role|schema|objtype`; schema is empty for database-wide defaults. */
  defaultPrivileges: Record<string, DefaultPrivilegeDef>;
  /** Logical replication publications, keyed by name (they belong to the database, not a schema). Absent in older snapshots. */
  publications?: Record<string, PublicationDef>;
  /** Extended statistics (CREATE STATISTICS), keyed `schema.name`. Absent in older snapshots. */
  statistics?: Record<string, StatisticsDef>;
  /** Range types (CREATE TYPE ... AS RANGE), keyed `schema.name`. Absent in older snapshots. */
  rangeTypes?: Record<string, RangeTypeDef>;
  /** User-defined casts, keyed `(source AS target)`. Absent in older snapshots. */
  casts?: Record<string, CastDef>;
  /** Collations as objects (CREATE COLLATION), keyed `schema.name`. Absent in older snapshots. */
  collations?: Record<string, CollationDef>;
  /** Operators, keyed `schema.name(left, right)` (left is NONE for a prefix operator). Absent in older snapshots. */
  operators?: Record<string, OperatorDef>;
  /** Operator families, keyed `schema.name USING method`. Absent in older snapshots. */
  operatorFamilies?: Record<string, OperatorFamilyDef>;
  /** Operator classes, keyed `schema.name USING method`. Absent in older snapshots. */
  operatorClasses?: Record<string, OperatorClassDef>;
  /** Foreign data wrappers (not those an extension such as postgres_fdw creates), keyed by name. Absent in older snapshots. */
  foreignDataWrappers?: Record<string, ForeignDataWrapperDef>;
  /** Foreign servers, keyed by name. Absent in older snapshots. */
  foreignServers?: Record<string, ForeignServerDef>;
  /** User mappings, keyed `server.user` (user is PUBLIC for a mapping for everyone). Absent in older snapshots. */
  userMappings?: Record<string, UserMappingDef>;
  /** Foreign tables, keyed `schema.name`. Absent in older snapshots. */
  foreignTables?: Record<string, ForeignTableDef>;
  /** Text search parsers, templates, dictionaries and configurations, keyed `schema.name`. Absent in older snapshots. */
  textSearchParsers?: Record<string, TextSearchParserDef>;
  textSearchTemplates?: Record<string, TextSearchTemplateDef>;
  textSearchDictionaries?: Record<string, TextSearchDictionaryDef>;
  textSearchConfigurations?: Record<string, TextSearchConfigurationDef>;
  /** Event triggers, keyed by name (they belong to the database). Absent in older snapshots. */
  eventTriggers?: Record<string, EventTriggerDef>;
  /** Security labels (SECURITY LABEL FOR provider ON ...), keyed `provider|object type|object identity`. Absent in older snapshots. */
  securityLabels?: Record<string, SecurityLabelDef>;
}

/**
 * Options of wrappers, servers, user mappings, foreign tables and their columns: sorted
 * `name=value` strings as the catalog keeps them. The value of an option whose name marks a secret
 * (`password`, `passfile`, ... see isSecretName) never enters the model: it is replaced by a short
 * fingerprint (`password <secret sha256:1a2b3c4d5e6f>`, without `=`, which the output masker would mangle), so a changed password is still detected
 * while snapshots, reports and fix SQL never hold it.
 */
export type FdwOptions = string[];

export interface ForeignDataWrapperDef {
  name: string;
  /** regproc of the handler / validator function, absent for none. */
  handler?: string;
  validator?: string;
  options: FdwOptions;
  comment?: string;
  privileges?: string[];
}

export interface RangeTypeDef {
  schema: string;
  name: string;
  /** format_type of the subtype. */
  subtype: string;
  /** Qualified operator class, only when not the subtype's default. */
  subtypeOpClass?: string;
  /** Qualified collation, only when not the subtype's default. */
  collation?: string;
  /** regproc of CANONICAL and SUBTYPE_DIFF. */
  canonical?: string;
  subtypeDiff?: string;
  /** Qualified multirange type (PostgreSQL 14+; absent on 13). */
  multirange?: string;
  comment?: string;
  privileges?: string[];
}

export interface CastDef {
  source: string;
  target: string;
  method: 'function' | 'binary' | 'inout';
  /** regprocedure of WITH FUNCTION: `public.to_f(public.celsius)`. */
  function?: string;
  context: 'explicit' | 'assignment' | 'implicit';
  comment?: string;
}

export interface CollationDef {
  schema: string;
  name: string;
  provider: 'libc' | 'icu' | 'builtin' | 'default';
  deterministic: boolean;
  /** libc: LC_COLLATE and LC_CTYPE. */
  lcCollate?: string;
  lcCtype?: string;
  /** icu (and builtin, 17+): the locale. */
  locale?: string;
  /** ICU tailoring rules (PostgreSQL 16+). */
  rules?: string;
  comment?: string;
}

export interface OperatorDef {
  schema: string;
  name: string;
  /** Left operand type; absent for a prefix operator. */
  left?: string;
  right: string;
  result: string;
  /** regproc of the implementing function. */
  function: string;
  /** `OPERATOR(schema.name)`. */
  commutator?: string;
  negator?: string;
  restrict?: string;
  join?: string;
  hashes: boolean;
  merges: boolean;
  comment?: string;
}

export interface OperatorFamilyDef {
  schema: string;
  name: string;
  /** Index access method: btree, hash, gist, gin... */
  method: string;
  /** Loose members (ALTER OPERATOR FAMILY ... ADD), keyed by identity (`OPERATOR 1 (integer, integer)`): the clause to add. */
  members: Record<string, string>;
  comment?: string;
}

export interface OperatorClassDef {
  schema: string;
  name: string;
  method: string;
  /** format_type of FOR TYPE. */
  type: string;
  default: boolean;
  /** Qualified family (SQL). */
  family: string;
  /** STORAGE type, when given. */
  storage?: string;
  /** Members keyed by identity, as in OperatorFamilyDef. */
  members: Record<string, string>;
  comment?: string;
}

export interface ForeignServerDef {
  name: string;
  wrapper: string;
  type?: string;
  version?: string;
  options: FdwOptions;
  comment?: string;
  privileges?: string[];
}

export interface UserMappingDef {
  /** Role name, or PUBLIC. */
  user: string;
  server: string;
  /** Absent when the reading role may not see the mapping's options (pg_user_mappings hides them). */
  options?: FdwOptions;
}

export interface ForeignTableColumnDef extends ColumnDef {
  options?: FdwOptions;
}

export interface ForeignTableDef {
  schema: string;
  name: string;
  server: string;
  options: FdwOptions;
  columns: ForeignTableColumnDef[];
  /** CHECK constraints (the only kind a foreign table has). */
  constraints: Record<string, ConstraintDef>;
  /** Parent (`schema.table`) of a foreign partition, with its bound (`FOR VALUES FROM (...) TO (...)`). */
  partitionOf?: string;
  partitionBound?: string;
  /** Triggers on the foreign table itself (absent in older snapshots: none). */
  triggers?: Record<string, TriggerDef>;
  comment?: string;
  privileges?: string[];
}

export interface TextSearchParserDef {
  schema: string;
  name: string;
  /** regproc of each support function. */
  start: string;
  token: string;
  end: string;
  lextypes: string;
  headline?: string;
  comment?: string;
}

export interface TextSearchTemplateDef {
  schema: string;
  name: string;
  init?: string;
  lexize: string;
  comment?: string;
}

export interface TextSearchDictionaryDef {
  schema: string;
  name: string;
  /** Key of its template (`pg_catalog.simple`). */
  template: string;
  /** dictinitoption split into `name = value` entries as the server prints them, sorted. */
  options: string[];
  comment?: string;
}

export interface TextSearchConfigurationDef {
  schema: string;
  name: string;
  /** Key of its parser (`pg_catalog.default`). */
  parser: string;
  /** Token type alias → dictionary keys in the order they are tried. */
  mappings: Record<string, string[]>;
  comment?: string;
}

export interface EventTriggerDef {
  name: string;
  event: string;
  /** regproc of the function, schema-qualified. */
  function: string;
  /** pg_event_trigger.evtenabled: O (origin), D (disabled), R (replica), A (always). */
  enabled: 'O' | 'D' | 'R' | 'A';
  /** WHEN TAG IN (...), sorted; absent when it fires for every command. */
  tags?: string[];
  comment?: string;
}

export interface SecurityLabelDef {
  provider: string;
  /** pg_identify_object's type: `table`, `table column`, `function`, `schema`... */
  objectType: string;
  /** pg_identify_object's identity: `public.t`, `public.t.c`, `public.f(integer)`. */
  object: string;
  label: string;
}

export interface StatisticsDef {
  schema: string;
  name: string;
  /** Key of the table it is on. */
  table: string;
  /** pg_get_statisticsobjdef: `CREATE STATISTICS public.s (ndistinct) ON a, b FROM public.t`. */
  definition: string;
  /** ALTER STATISTICS ... SET STATISTICS, when set. */
  target?: number;
  comment?: string;
}

export interface PublicationTableDef {
  /** Column list (PostgreSQL 15+), in attnum order; absent when every column is published. */
  columns?: string[];
  /** Row filter (PostgreSQL 15+) as the server prints it. */
  where?: string;
}

export interface PublicationDef {
  name: string;
  allTables: boolean;
  /** Published operations in this order: insert, update, delete, truncate. */
  publish: string[];
  viaRoot: boolean;
  /** Tables named explicitly (FOR TABLE), by table key. */
  tables: Record<string, PublicationTableDef>;
  /** FOR TABLES IN SCHEMA (PostgreSQL 15+), sorted. */
  schemas: string[];
  comment?: string;
}

export interface SchemaDef {
  name: string;
  comment?: string;
  privileges?: string[];
}

export interface ExtensionDef {
  name: string;
  version: string;
  schema: string;
  /**
   * The version CREATE EXTENSION installs on that server (pg_available_extensions): each
   * PostgreSQL release ships its own, so a shadow on 13 gets btree_gist 1.5 where 15 gets 1.7.
   */
  defaultVersion?: string;
}

export interface ColumnDef {
  name: string;
  /** format_type(atttypid, atttypmod): `character varying(20)`, `public.mpaa_rating`. */
  type: string;
  notNull: boolean;
  /** pg_get_expr of the default; absent for generated columns (see `generated`). */
  default?: string;
  identity?: 'always' | 'by default';
  /** The identity sequence's options, only when one differs from what CREATE SEQUENCE picks for the column's type. */
  identityOptions?: SequenceOptions;
  /** Expression of a GENERATED ALWAYS AS (...) STORED column. */
  generated?: string;
  /** Quoted, qualified collation when it differs from the type's default. */
  collation?: string;
  /** Inherited from a parent (partition or INHERITS): attinhcount > 0. */
  inherited?: boolean;
  /** Only inherited, not declared by the table itself (left out of its CREATE TABLE). */
  notLocal?: boolean;
  /** ALTER COLUMN ... SET STORAGE, when it is not the type's default (attstorage). */
  storage?: 'plain' | 'external' | 'extended' | 'main';
  /** The type's own storage, kept beside a `storage` that differs from it, so a fix can go back to it. */
  typeStorage?: 'plain' | 'external' | 'extended' | 'main';
  /** ALTER COLUMN ... SET COMPRESSION (pglz, lz4), when set (PostgreSQL 14+). */
  compression?: string;
  /** ALTER COLUMN ... SET STATISTICS, when set (attstattarget >= 0). */
  statisticsTarget?: number;
  /** ALTER COLUMN ... SET (n_distinct = ...), sorted `name=value` (attoptions). */
  attributeOptions?: string[];
  comment?: string;
  privileges?: string[];
}

export type ConstraintType = 'primary key' | 'foreign key' | 'unique' | 'check' | 'exclusion';

export interface ConstraintDef {
  name: string;
  type: ConstraintType;
  /** pg_get_constraintdef: `PRIMARY KEY (id)`, `FOREIGN KEY (a) REFERENCES public.t(id)`. */
  definition: string;
  /** Referenced table of a foreign key (`schema.table`). */
  references?: string;
  /** Inherited from a parent table's constraint (partitions, INHERITS). */
  inherited?: boolean;
  /** `schema.table.name` of the partitioned parent's constraint this one is attached to. */
  parent?: string;
  comment?: string;
}

export interface TriggerDef {
  name: string;
  /** pg_get_triggerdef. */
  definition: string;
  /** pg_trigger.tgenabled: O (origin, the default), D (disabled), R (replica), A (always). */
  enabled: 'O' | 'D' | 'R' | 'A';
  comment?: string;
}

/** A rewrite rule (CREATE RULE) other than a view's own _RETURN rule. */
export interface RuleDef {
  name: string;
  /** pg_get_ruledef: `CREATE RULE keep AS ON DELETE TO public.t DO INSTEAD NOTHING;` */
  definition: string;
  /** pg_rewrite.ev_enabled: O (origin, the default), D (disabled), R (replica), A (always). */
  enabled: 'O' | 'D' | 'R' | 'A';
  comment?: string;
}

export interface PolicyDef {
  name: string;
  permissive: boolean;
  /** ALL, SELECT, INSERT, UPDATE or DELETE. */
  command: string;
  /** Sorted role names; PUBLIC for everyone. */
  roles: string[];
  using?: string;
  withCheck?: string;
  comment?: string;
}

export interface TableDef {
  schema: string;
  name: string;
  kind: 'table' | 'partitioned table';
  unlogged: boolean;
  /** pg_get_partkeydef of a partitioned table: `RANGE (payment_date)`. */
  partitionKey?: string;
  /** Parent (`schema.table`) of a partition, with its bound (`FOR VALUES FROM (...) TO (...)`). */
  partitionOf?: string;
  partitionBound?: string;
  /** Parents of a table that uses INHERITS (not partitions), in inheritance order. */
  inherits?: string[];
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  /** Storage parameters (reloptions), sorted: `autovacuum_vacuum_scale_factor=0.01`, `fillfactor=70`. */
  storage?: string[];
  /** Table access method (CREATE TABLE ... USING), when it is not heap. */
  accessMethod?: string;
  /** The composite type of a typed table (CREATE TABLE ... OF type). */
  ofType?: string;
  /** The index named by ALTER TABLE ... CLUSTER ON (pg_index.indisclustered). */
  clusterOn?: string;
  /** REPLICA IDENTITY other than the default (the primary key): `full`, `nothing`, `index <name>`. */
  replicaIdentity?: string;
  columns: ColumnDef[];
  constraints: Record<string, ConstraintDef>;
  triggers: Record<string, TriggerDef>;
  /** Rewrite rules (absent in older snapshots: none). */
  rules?: Record<string, RuleDef>;
  policies: Record<string, PolicyDef>;
  comment?: string;
  privileges?: string[];
}

export interface ViewDef {
  schema: string;
  name: string;
  kind: 'view' | 'materialized view';
  /** pg_get_viewdef(oid, true) without the trailing semicolon. */
  definition: string;
  /** reloptions other than check_option, sorted: `security_barrier=true`. */
  options: string[];
  /** LOCAL or CASCADED for WITH CHECK OPTION views. */
  checkOption?: string;
  /** Relations (`schema.name`) the view reads, for ordering and for re-creating dependents. */
  dependsOn: string[];
  columns: ColumnDef[];
  triggers: Record<string, TriggerDef>;
  /** Rewrite rules besides the view's own (absent in older snapshots: none). */
  rules?: Record<string, RuleDef>;
  comment?: string;
  privileges?: string[];
}

export interface IndexDef {
  schema: string;
  name: string;
  /** `schema.table` (or materialized view) the index is on. */
  table: string;
  /** pg_get_indexdef. */
  definition: string;
  /** `schema.name` of the partitioned index this one is attached to. */
  parent?: string;
  /** ALTER INDEX ... ALTER COLUMN n SET STATISTICS of expression columns: `2=100`, by column number. */
  statistics?: string[];
  comment?: string;
}

/** A sequence's options (an identity column's too); int8 values are strings: JSON numbers lose precision past 2^53. */
export interface SequenceOptions {
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export interface SequenceDef extends SequenceOptions {
  schema: string;
  name: string;
  /** smallint, integer or bigint. */
  type: string;
  /** CREATE UNLOGGED SEQUENCE (PostgreSQL 15+). */
  unlogged?: boolean;
  /** `schema.table.column` of OWNED BY. */
  ownedBy?: string;
  comment?: string;
  privileges?: string[];
}

export interface FunctionDef {
  schema: string;
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** oidvectortypes(proargtypes): the call signature used in the key, `integer, text`. */
  argTypes: string;
  /** pg_get_function_identity_arguments: usable in DROP/ALTER/GRANT/COMMENT. */
  identityArgs: string;
  /** pg_get_function_result (null for procedures). */
  result?: string;
  /** pg_get_functiondef, or a CREATE AGGREGATE statement built from pg_aggregate. */
  definition: string;
  comment?: string;
  privileges?: string[];
}

export interface DomainConstraintDef {
  name: string;
  definition: string;
}

export interface TypeDef {
  schema: string;
  name: string;
  kind: 'enum' | 'domain' | 'composite';
  /** enum: labels in sort order. */
  values?: string[];
  /** domain: base type, default, NOT NULL, collation, CHECK constraints. */
  baseType?: string;
  default?: string;
  notNull?: boolean;
  collation?: string;
  constraints?: Record<string, DomainConstraintDef>;
  /** composite: attributes in order. */
  attributes?: Array<{ name: string; type: string; collation?: string }>;
  comment?: string;
  privileges?: string[];
}

export interface DefaultPrivilegeDef {
  role: string;
  /** Empty for database-wide defaults (ALTER DEFAULT PRIVILEGES without IN SCHEMA). */
  schema: string;
  /** pg_default_acl.defaclobjtype: r tables, S sequences, f functions, T types, n schemas. */
  objectType: 'r' | 'S' | 'f' | 'T' | 'n';
  privileges: string[];
}

export function emptyModel(serverVersionNum = 0): SchemaModel {
  return {
    serverVersionNum,
    schemas: {},
    extensions: {},
    tables: {},
    views: {},
    indexes: {},
    sequences: {},
    functions: {},
    types: {},
    defaultPrivileges: {},
    publications: {},
    statistics: {},
    rangeTypes: {},
    casts: {},
    collations: {},
    operators: {},
    operatorFamilies: {},
    operatorClasses: {},
    foreignDataWrappers: {},
    foreignServers: {},
    userMappings: {},
    foreignTables: {},
    textSearchParsers: {},
    textSearchTemplates: {},
    textSearchDictionaries: {},
    textSearchConfigurations: {},
    eventTriggers: {},
    securityLabels: {},
  };
}

/**
 * One name inside a key or a finding's `object`: as is, unless it contains a character that would
 * make the key ambiguous (`.` separates names, `"` quotes, parentheses hold function arguments);
 * then double-quoted with `""` for `"`, as in SQL. Ordinary names, upper case, spaces and
 * non-ASCII stay as they always were (`public.invoices.nit`, `app.Mixed Case`), so reports,
 * snapshots and --ignore patterns keep working; only names that used to collide change.
 */
export function keyPart(name: string): string {
  return /[."()]/.test(name) || name === '' ? `"${name.replace(/"/g, '""')}"` : name;
}

/** `schema.name`: the key of relations, types, sequences, indexes and the `object` of findings. */
export function qualifiedKey(schema: string, name: string): string {
  return `${keyPart(schema)}.${keyPart(name)}`;
}

/** `schema.table.column` (or constraint, trigger, policy): a name inside a relation. */
export function memberKey(relationKey: string, name: string): string {
  return `${relationKey}.${keyPart(name)}`;
}

export function functionKey(schema: string, name: string, argTypes: string): string {
  return `${qualifiedKey(schema, name)}(${argTypes})`;
}

/** The names of a key made by qualifiedKey/memberKey, unquoted: `"a.b".c` → ['a.b', 'c']. */
export function splitKey(key: string): string[] {
  const parts: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^."]*)/y;
  for (let i = 0; i <= key.length; ) {
    re.lastIndex = i;
    const m = re.exec(key)!;
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    i = re.lastIndex + 1; // past the dot
  }
  return parts;
}

/** The object as Preflight named it before names were quoted (for old snapshots and --ignore). */
export function unquotedKey(key: string): string {
  return key.replace(/"((?:[^"]|"")*)"/g, (_, inner: string) => inner.replace(/""/g, '"'));
}

/** Code-point order: stable across machines and locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A name as a literal part of a regular expression (object names may hold `.` or `$`). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
