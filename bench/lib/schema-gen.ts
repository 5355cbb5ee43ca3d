/**
 * Generates a realistic schema of N tables spread over S schemas (one big SQL text per schema, sent
 * as one simple query), clones it with CREATE DATABASE ... TEMPLATE, and injects a known set of
 * changes into the "live" copy. Every injected change names the objects a tool's output must
 * mention for the change to count as found.
 */
import pg from 'pg';

export const READER_ROLE = 'bench_reader';

export interface Shape {
  tables: number;
  schemas: number;
}

export interface InjectedChange {
  id: string;
  /** What was done to the live database, as a short sentence. */
  label: string;
  sql: string;
  /**
   * Every token must appear (case-insensitive, double quotes removed) in one statement of migra's
   * output or in one Preflight finding (object + message + fix) for the change to count as found.
   */
  tokens: string[];
}

const pad = (n: number): string => String(n).padStart(5, '0');

export function perSchema(shape: Shape): number {
  return Math.ceil(shape.tables / shape.schemas);
}

export function schemaName(j: number): string {
  return `s${j}`;
}

/** Globally unique table name for local table i of schema j. */
export function tableName(shape: Shape, j: number, i: number): string {
  return `t_${pad(j * perSchema(shape) + i)}`;
}

/** Kinds of extra objects hang off tables by their local index modulo 10. */
const TRIGGER = 0;
const RLS = 1;
const VIEW = 2;
const FUNC = 3;

/**
 * SQL texts for schema j: the schema's own objects plus its tables in batches of `batch` tables
 * (one simple query each; DDL cost per statement grows with the size of the open transaction).
 */
export function schemaSql(shape: Shape, j: number, batch = 100): string[] {
  const s = schemaName(j);
  const per = perSchema(shape);
  const count = Math.min(per, shape.tables - j * per);
  const texts: string[] = [];
  let out: string[] = [];
  out.push(
    `CREATE SCHEMA ${s};`,
    `COMMENT ON SCHEMA ${s} IS 'bench schema ${j}';`,
    `GRANT USAGE ON SCHEMA ${s} TO ${READER_ROLE};`,
    `CREATE TYPE ${s}.status_t AS ENUM ('active', 'inactive', 'pending');`,
    `CREATE TYPE ${s}.priority_t AS ENUM ('low', 'normal', 'high');`,
    `CREATE DOMAIN ${s}.email_d AS text CONSTRAINT email_d_ck CHECK (VALUE ~ '^[^@]+@[^@]+$');`,
    `CREATE SEQUENCE ${s}.ticket_seq_${j} START 1000 INCREMENT 1 CACHE 1;`,
    `CREATE FUNCTION ${s}.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;`,
  );
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % batch === 0) {
      texts.push(out.join('\n'));
      out = [];
    }
    const t = tableName(shape, j, i);
    const q = `${s}.${t}`;
    const fk = i > 0 ? `,\n  CONSTRAINT ${t}_parent_fk FOREIGN KEY (parent_id) REFERENCES ${s}.${tableName(shape, j, i - 1)} (id) ON DELETE SET NULL` : '';
    out.push(
      `CREATE TABLE ${q} (
  id bigserial PRIMARY KEY,
  parent_id bigint,
  title text NOT NULL,
  email ${s}.email_d,
  status ${s}.status_t NOT NULL DEFAULT 'active',
  priority ${s}.priority_t,
  amount numeric(12,2) NOT NULL DEFAULT 0 CONSTRAINT ${t}_amount_ck CHECK (amount >= 0),
  tenant_id integer,
  payload jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz${fk}
);`,
      `CREATE INDEX ${t}_parent_idx ON ${q} (parent_id);`,
      `CREATE INDEX ${t}_active_idx ON ${q} (created_at) WHERE status = 'active';`,
      `COMMENT ON TABLE ${q} IS 'table ${t}';`,
      `COMMENT ON COLUMN ${q}.title IS 'title of ${t}';`,
      `GRANT SELECT ON ${q} TO ${READER_ROLE};`,
    );
    switch (i % 10) {
      case TRIGGER:
        out.push(`CREATE TRIGGER trg_touch_${t} BEFORE UPDATE ON ${q} FOR EACH ROW EXECUTE FUNCTION ${s}.touch();`);
        break;
      case RLS:
        out.push(
          `ALTER TABLE ${q} ENABLE ROW LEVEL SECURITY;`,
          `CREATE POLICY p_tenant_${t} ON ${q} USING (tenant_id = current_setting('app.tenant', true)::integer);`,
        );
        break;
      case VIEW:
        out.push(
          `CREATE VIEW ${s}.v_${t} AS SELECT id, title, status FROM ${q} WHERE status <> 'inactive';`,
          `GRANT SELECT ON ${s}.v_${t} TO ${READER_ROLE};`,
        );
        break;
      case FUNC:
        out.push(
          `CREATE FUNCTION ${s}.fn_total_${t}(p_tenant integer) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM ${q} WHERE tenant_id = p_tenant $$;`,
        );
        break;
    }
  }
  texts.push(out.join('\n'));
  return texts;
}

/** The changes injected into the live copy; local table indices match the kinds above. */
export function injectedChanges(shape: Shape): InjectedChange[] {
  if (perSchema(shape) < 30 || shape.schemas < 10) throw new Error('injected changes need >= 10 schemas of >= 30 tables');
  const t = (j: number, i: number) => tableName(shape, j, i);
  const q = (j: number, i: number) => `${schemaName(j)}.${t(j, i)}`;
  return [
    { id: 'drop-column', label: `drop column ${q(1, 5)}.payload`, sql: `ALTER TABLE ${q(1, 5)} DROP COLUMN payload`, tokens: [t(1, 5), 'payload'] },
    { id: 'drop-index', label: `drop partial index ${t(2, 6)}_active_idx`, sql: `DROP INDEX s2.${t(2, 6)}_active_idx`, tokens: [`${t(2, 6)}_active_idx`] },
    {
      id: 'column-type',
      label: `${q(3, 7)}.amount numeric(12,2) -> numeric(14,2)`,
      sql: `ALTER TABLE ${q(3, 7)} ALTER COLUMN amount TYPE numeric(14,2)`,
      tokens: [t(3, 7), 'amount'],
    },
    { id: 'drop-not-null', label: `drop NOT NULL on ${q(4, 8)}.title`, sql: `ALTER TABLE ${q(4, 8)} ALTER COLUMN title DROP NOT NULL`, tokens: [t(4, 8), 'title'] },
    {
      id: 'change-default',
      label: `${q(5, 9)}.status default 'active' -> 'pending'`,
      sql: `ALTER TABLE ${q(5, 9)} ALTER COLUMN status SET DEFAULT 'pending'`,
      tokens: [t(5, 9), 'status'],
    },
    { id: 'drop-fk', label: `drop FK ${t(6, 15)}_parent_fk`, sql: `ALTER TABLE ${q(6, 15)} DROP CONSTRAINT ${t(6, 15)}_parent_fk`, tokens: [`${t(6, 15)}_parent_fk`] },
    {
      id: 'function-body',
      label: `change body of s7.fn_total_${t(7, 13)}`,
      sql: `CREATE OR REPLACE FUNCTION s7.fn_total_${t(7, 13)}(p_tenant integer) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) + 1 FROM ${q(7, 13)} WHERE tenant_id = p_tenant $$`,
      tokens: [`fn_total_${t(7, 13)}`],
    },
    {
      id: 'view',
      label: `change WHERE of view s8.v_${t(8, 12)}`,
      sql: `CREATE OR REPLACE VIEW s8.v_${t(8, 12)} AS SELECT id, title, status FROM ${q(8, 12)} WHERE status <> 'pending'`,
      tokens: [`v_${t(8, 12)}`],
    },
    {
      id: 'disable-trigger',
      label: `disable trigger trg_touch_${t(9, 20)}`,
      sql: `ALTER TABLE ${q(9, 20)} DISABLE TRIGGER trg_touch_${t(9, 20)}`,
      tokens: [`trg_touch_${t(9, 20)}`],
    },
    { id: 'enum-value', label: `add value 'archived' to s0.status_t`, sql: `ALTER TYPE s0.status_t ADD VALUE 'archived'`, tokens: ['s0.status_t'] },
    { id: 'sequence-increment', label: `s1.ticket_seq_1 INCREMENT 1 -> 5`, sql: `ALTER SEQUENCE s1.ticket_seq_1 INCREMENT BY 5`, tokens: ['ticket_seq_1'] },
    { id: 'comment', label: `change comment on table ${q(2, 25)}`, sql: `COMMENT ON TABLE ${q(2, 25)} IS 'changed by hand'`, tokens: [t(2, 25)] },
    {
      id: 'revoke-grant',
      label: `revoke SELECT on ${q(3, 26)} from ${READER_ROLE}`,
      sql: `REVOKE SELECT ON ${q(3, 26)} FROM ${READER_ROLE}`,
      tokens: [t(3, 26), READER_ROLE],
    },
    { id: 'drop-policy', label: `drop policy p_tenant_${t(4, 21)}`, sql: `DROP POLICY p_tenant_${t(4, 21)} ON ${q(4, 21)}`, tokens: [`p_tenant_${t(4, 21)}`] },
  ];
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Generated {
  expected: string;
  live: string;
  changes: InjectedChange[];
  /** Seconds spent generating the expected database, cloning it, and injecting the changes. */
  generateSeconds: number;
  cloneSeconds: number;
}

/**
 * Creates `<prefix>_expected` with the generated schema and `<prefix>_live` as a clone with the
 * injected changes. `urlOf(db)` returns a connection URL for a database on the server.
 */
export async function generatePair(urlOf: (db: string) => string, shape: Shape, prefix: string, parallel = 2, batch = 100): Promise<Generated> {
  const expected = `${prefix}_expected`;
  const live = `${prefix}_live`;
  const t0 = performance.now();
  await withClient(urlOf('postgres'), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${live}`);
    await c.query(`DROP DATABASE IF EXISTS ${expected}`);
    const role = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE]);
    if (role.rowCount === 0) await c.query(`CREATE ROLE ${READER_ROLE} NOLOGIN`);
    await c.query(`CREATE DATABASE ${expected}`);
  });
  // One connection per worker; each sends whole schemas as a single simple query.
  let next = 0;
  const worker = () =>
    withClient(urlOf(expected), async (c) => {
      for (let j = next++; j < shape.schemas; j = next++) for (const sql of schemaSql(shape, j, batch)) await c.query(sql);
    });
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  await withClient(urlOf(expected), (c) => c.query('ANALYZE'));
  const t1 = performance.now();
  await withClient(urlOf('postgres'), (c) => c.query(`CREATE DATABASE ${live} TEMPLATE ${expected}`));
  const t2 = performance.now();
  const changes = injectedChanges(shape);
  await withClient(urlOf(live), async (c) => {
    for (const change of changes) await c.query(change.sql);
  });
  return { expected, live, changes, generateSeconds: (t1 - t0) / 1000, cloneSeconds: (t2 - t1) / 1000 };
}

/** Which changes a tool's output mentions: each unit (statement or finding) is searched for all tokens. */
export function changesFound(changes: InjectedChange[], units: string[]): Set<string> {
  return matchUnits(changes, units).found;
}

/** Found changes, and how many units mention none of the injected changes (noise or side effects). */
export function matchUnits(changes: InjectedChange[], units: string[]): { found: Set<string>; unmatched: number } {
  const norm = units.map((u) => u.replace(/"/g, '').toLowerCase());
  const found = new Set<string>();
  const used = new Set<number>();
  for (const change of changes) {
    const tokens = change.tokens.map((t) => t.toLowerCase());
    norm.forEach((u, k) => {
      if (tokens.every((t) => u.includes(t))) {
        found.add(change.id);
        used.add(k);
      }
    });
  }
  return { found, unmatched: norm.length - used.size };
}
