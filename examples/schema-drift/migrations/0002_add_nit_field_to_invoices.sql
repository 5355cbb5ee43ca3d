-- Tax ID (NIT) printed on every invoice; the app queries by it.
ALTER TABLE invoices ADD COLUMN nit VARCHAR(20);
CREATE INDEX idx_invoices_nit ON invoices (nit);
