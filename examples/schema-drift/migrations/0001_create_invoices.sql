CREATE TABLE customers (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  total numeric(12, 2) NOT NULL CHECK (total >= 0),
  issued_at date NOT NULL DEFAULT current_date
);
CREATE INDEX idx_invoices_customer ON invoices (customer_id);
