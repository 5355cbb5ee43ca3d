/**
 * Migrations shaped like the ones users have, generated deterministically (the same input on every
 * run and machine): each one creates a table with named and inline CHECKs, a partial index, 20 rows
 * of data, a view over it and comments on the table, a column and the view. Every 10th migration
 * also adds a column to the table of the one before it (an ALTER on a table with data).
 */

/** The up and down SQL of realistic migration `i` (1-based). */
export function realisticMigration(i: number): { up: string; down: string } {
  const t = `orders_${i}`;
  const statuses = ['new', 'paid', 'shipped', 'cancelled'];
  const rows: string[] = [];
  for (let r = 1; r <= 20; r++) {
    // A small linear congruential step keeps the data varied and the same on every run.
    const x = (i * 7919 + r * 104729) % 100_000;
    const note = r % 4 === 0 ? 'NULL' : `'order ${i}-${r}: it''s a note'`;
    rows.push(`  (${1000 + (x % 97)}, '${statuses[x % 4]}', ${(x / 100).toFixed(2)}, ${1 + (x % 50)}, ${note})`);
  }
  const alter =
    i % 10 === 0 && i > 1
      ? `\nALTER TABLE orders_${i - 1} ADD COLUMN shipped_at timestamptz;\nCOMMENT ON COLUMN orders_${i - 1}.shipped_at IS 'When the order left the warehouse (added by migration ${i}).';\n`
      : '';
  const up = `-- Orders, batch ${i}: the table, its open-orders index and view.
CREATE TABLE ${t} (
  id bigserial PRIMARY KEY,
  customer_id integer NOT NULL CHECK (customer_id > 0),
  status text NOT NULL DEFAULT 'new',
  amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
  quantity integer NOT NULL,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ${t}_status_check CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
  CONSTRAINT ${t}_quantity_check CHECK (quantity > 0 AND quantity < 1000),
  CONSTRAINT ${t}_note_length CHECK (char_length(note) <= 500)
);

CREATE INDEX ${t}_open_idx ON ${t} (customer_id, created_at) WHERE status IN ('new', 'paid');

INSERT INTO ${t} (customer_id, status, amount, quantity, note) VALUES
${rows.join(',\n')};

CREATE VIEW ${t}_open AS
  SELECT id, customer_id, amount, quantity, created_at
    FROM ${t}
   WHERE status IN ('new', 'paid');

COMMENT ON TABLE ${t} IS 'Orders of batch ${i}; one row per order.';
COMMENT ON COLUMN ${t}.amount IS 'Total in EUR, tax included.';
COMMENT ON VIEW ${t}_open IS 'Orders not yet shipped or cancelled.';
${alter}`;
  const down = `${i % 10 === 0 && i > 1 ? `ALTER TABLE orders_${i - 1} DROP COLUMN shipped_at;\n` : ''}DROP VIEW ${t}_open;\nDROP TABLE ${t};\n`;
  return { up, down };
}
