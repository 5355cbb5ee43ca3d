/**
 * Schema snapshots: a SchemaModel written to a file (committed next to the migrations, or kept as
 * a CI artifact) so the live database can be checked without a shadow database.
 *
 * The text is stable: keys sorted at every level, 2-space indent, trailing newline, so the same
 * schema always produces the same bytes and a diff of two snapshots in a PR is readable.
 */
// zod/mini: the full zod build is ~650 KB and would land on every action's start-up path.
import * as z from 'zod/mini';
import { UsageError } from '@preflight/core';
import { withCurrentKeys } from './legacy-keys.ts';
import type { SchemaModel } from './model.ts';

export const SNAPSHOT_FORMAT_VERSION = 1;

/** What the migration ledger said when the snapshot was taken (compared with the live ledger). */
export interface SnapshotLedger {
  tool?: string;
  head?: string;
  versions?: string[];
}

export interface SnapshotMeta {
  /** Where the model came from (redacted URL, schema file, ...). */
  source?: string;
  /** ISO timestamp; left out unless the caller provides one, to keep snapshots reproducible. */
  createdAt?: string;
  ledger?: SnapshotLedger;
}

export interface Snapshot {
  formatVersion: 1;
  /** Major version of the server the model was read from (15 for 150018). */
  postgresMajor: number;
  meta: { source?: string; createdAt?: string };
  ledger?: SnapshotLedger;
  model: SchemaModel;
}

const str = z.string();
const opt = <T extends z.ZodMiniType>(t: T) => z.optional(t);
const privileges = opt(z.array(str));
const record = <T extends z.ZodMiniType>(t: T) => z.record(str, t);

const column = z.object({
  name: str, type: str, notNull: z.boolean(), default: opt(str), identity: opt(z.enum(['always', 'by default'])),
  generated: opt(str), collation: opt(str), inherited: opt(z.boolean()), notLocal: opt(z.boolean()), comment: opt(str), privileges,
});
const trigger = z.object({ name: str, definition: str, enabled: z.enum(['O', 'D', 'R', 'A']), comment: opt(str) });

const modelSchema = z.object({
  serverVersionNum: z.int(),
  schemas: record(z.object({ name: str, comment: opt(str), privileges })),
  extensions: record(z.object({ name: str, version: str, schema: str, defaultVersion: opt(str) })),
  tables: record(z.object({
    schema: str, name: str, kind: z.enum(['table', 'partitioned table']), unlogged: z.boolean(),
    partitionKey: opt(str), partitionOf: opt(str), partitionBound: opt(str), inherits: opt(z.array(str)),
    rowSecurity: z.boolean(), forceRowSecurity: z.boolean(), storage: opt(z.array(str)), replicaIdentity: opt(str), columns: z.array(column),
    constraints: record(z.object({
      name: str, type: z.enum(['primary key', 'foreign key', 'unique', 'check', 'exclusion']), definition: str,
      references: opt(str), inherited: opt(z.boolean()), parent: opt(str), comment: opt(str),
    })),
    triggers: record(trigger),
    policies: record(z.object({
      name: str, permissive: z.boolean(), command: str, roles: z.array(str), using: opt(str), withCheck: opt(str), comment: opt(str),
    })),
    comment: opt(str), privileges,
  })),
  views: record(z.object({
    schema: str, name: str, kind: z.enum(['view', 'materialized view']), definition: str, options: z.array(str),
    checkOption: opt(str), dependsOn: z.array(str), columns: z.array(column), triggers: record(trigger), comment: opt(str), privileges,
  })),
  indexes: record(z.object({ schema: str, name: str, table: str, definition: str, parent: opt(str), comment: opt(str) })),
  sequences: record(z.object({
    schema: str, name: str, type: str, start: str, increment: str, min: str, max: str, cache: str, cycle: z.boolean(),
    ownedBy: opt(str), comment: opt(str), privileges,
  })),
  functions: record(z.object({
    schema: str, name: str, kind: z.enum(['function', 'procedure', 'aggregate', 'window']), argTypes: str, identityArgs: str,
    result: opt(str), definition: str, comment: opt(str), privileges,
  })),
  types: record(z.object({
    schema: str, name: str, kind: z.enum(['enum', 'domain', 'composite']), values: opt(z.array(str)), baseType: opt(str),
    default: opt(str), notNull: opt(z.boolean()), collation: opt(str),
    constraints: opt(record(z.object({ name: str, definition: str }))),
    attributes: opt(z.array(z.object({ name: str, type: str, collation: opt(str) }))), comment: opt(str), privileges,
  })),
  defaultPrivileges: record(z.object({ role: str, schema: str, objectType: z.enum(['r', 'S', 'f', 'T', 'n']), privileges: z.array(str) })),
  publications: opt(record(z.object({
    name: str, allTables: z.boolean(), publish: z.array(str), viaRoot: z.boolean(),
    tables: record(z.object({ columns: opt(z.array(str)), where: opt(str) })), schemas: z.array(str), comment: opt(str),
  }))),
  statistics: opt(record(z.object({ schema: str, name: str, table: str, definition: str, comment: opt(str) }))),
  rangeTypes: opt(record(z.object({
    schema: str, name: str, subtype: str, subtypeOpClass: opt(str), collation: opt(str), canonical: opt(str), subtypeDiff: opt(str),
    multirange: opt(str), comment: opt(str), privileges,
  }))),
  casts: opt(record(z.object({
    source: str, target: str, method: z.enum(['function', 'binary', 'inout']), function: opt(str),
    context: z.enum(['explicit', 'assignment', 'implicit']), comment: opt(str),
  }))),
  collations: opt(record(z.object({
    schema: str, name: str, provider: z.enum(['libc', 'icu', 'builtin', 'default']), deterministic: z.boolean(),
    lcCollate: opt(str), lcCtype: opt(str), locale: opt(str), rules: opt(str), comment: opt(str),
  }))),
  operators: opt(record(z.object({
    schema: str, name: str, left: opt(str), right: str, result: str, function: str, commutator: opt(str), negator: opt(str),
    restrict: opt(str), join: opt(str), hashes: z.boolean(), merges: z.boolean(), comment: opt(str),
  }))),
  operatorFamilies: opt(record(z.object({ schema: str, name: str, method: str, members: record(str), comment: opt(str) }))),
  operatorClasses: opt(record(z.object({
    schema: str, name: str, method: str, type: str, default: z.boolean(), family: str, storage: opt(str), members: record(str), comment: opt(str),
  }))),
  foreignDataWrappers: opt(record(z.object({
    name: str, handler: opt(str), validator: opt(str), options: z.array(str), comment: opt(str), privileges,
  }))),
  foreignServers: opt(record(z.object({
    name: str, wrapper: str, type: opt(str), version: opt(str), options: z.array(str), comment: opt(str), privileges,
  }))),
  userMappings: opt(record(z.object({ user: str, server: str, options: opt(z.array(str)) }))),
  foreignTables: opt(record(z.object({
    schema: str, name: str, server: str, options: z.array(str),
    columns: z.array(z.extend(column, { options: opt(z.array(str)) })),
    constraints: record(z.object({
      name: str, type: z.enum(['primary key', 'foreign key', 'unique', 'check', 'exclusion']), definition: str,
      references: opt(str), inherited: opt(z.boolean()), parent: opt(str), comment: opt(str),
    })),
    comment: opt(str), privileges,
  }))),
  textSearchParsers: opt(record(z.object({
    schema: str, name: str, start: str, token: str, end: str, lextypes: str, headline: opt(str), comment: opt(str),
  }))),
  textSearchTemplates: opt(record(z.object({ schema: str, name: str, init: opt(str), lexize: str, comment: opt(str) }))),
  textSearchDictionaries: opt(record(z.object({ schema: str, name: str, template: str, options: z.array(str), comment: opt(str) }))),
  textSearchConfigurations: opt(record(z.object({
    schema: str, name: str, parser: str, mappings: record(z.array(str)), comment: opt(str),
  }))),
  eventTriggers: opt(record(z.object({
    name: str, event: str, function: str, enabled: z.enum(['O', 'D', 'R', 'A']), tags: opt(z.array(str)), comment: opt(str),
  }))),
  securityLabels: opt(record(z.object({ provider: str, objectType: str, object: str, label: str }))),
});

const snapshotSchema = z.object({
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  postgresMajor: z.int().check(z.positive()),
  meta: z.object({ source: opt(str), createdAt: opt(str) }),
  ledger: opt(z.object({ tool: opt(str), head: opt(str), versions: opt(z.array(str)) })),
  model: modelSchema,
});

// The zod schema and the TypeScript model must describe the same data.
type Parsed = z.infer<typeof modelSchema>;
const _sameShape: (m: Parsed) => SchemaModel = (m) => m;
void _sameShape;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function postgresMajorOf(serverVersionNum: number): number {
  return Math.floor(serverVersionNum / 10000);
}

export function toSnapshot(model: SchemaModel, meta: SnapshotMeta = {}): string {
  const snapshot: Snapshot = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    postgresMajor: postgresMajorOf(model.serverVersionNum),
    meta: { source: meta.source, createdAt: meta.createdAt },
    ledger: meta.ledger,
    model,
  };
  return `${JSON.stringify(sortKeys(snapshot), null, 2)}\n`;
}

/** Parses and validates a snapshot; any problem is a UsageError naming the file (exit 2). */
export function readSnapshot(text: string, fileName: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Snapshot file ${fileName} is not valid JSON (${(error as Error).message}); regenerate it with preflight schema-verify.`, { cause: error });
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (data && typeof data === 'object' && version !== undefined && version !== SNAPSHOT_FORMAT_VERSION) {
    throw new UsageError(`Snapshot file ${fileName} has formatVersion ${JSON.stringify(version)}, but this version of Preflight reads formatVersion ${SNAPSHOT_FORMAT_VERSION}; regenerate the snapshot.`);
  }
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.map(String).join('.') : 'the top level';
    throw new UsageError(`Snapshot file ${fileName} is not a valid schema snapshot: ${issue.message} at ${where}; regenerate it with preflight schema-verify.`);
  }
  const snapshot = parsed.data as Snapshot;
  // Older snapshots wrote names with dots unquoted in keys; read them as they were meant.
  return { ...snapshot, model: withCurrentKeys(snapshot.model) };
}
