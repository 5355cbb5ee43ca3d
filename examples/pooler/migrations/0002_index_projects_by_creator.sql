-- preflight:no-transaction
-- CONCURRENTLY cannot run inside a transaction block; the runner applies this file statement by statement.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_projects_creator ON projects (creator_id);
