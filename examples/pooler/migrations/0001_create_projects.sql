CREATE TABLE projects (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  creator_id uuid NOT NULL,
  name text NOT NULL
);
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON projects USING (tenant_id = current_setting('app.tenant_id', true)::uuid);
