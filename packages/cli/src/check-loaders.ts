/**
 * Each check's definition by name, loaded on demand: `preflight registry-deploy ...` reads only
 * registry-deploy's definition instead of every check's (start-up is part of every run's time, and
 * registry-deploy's budget is a promotion in skopeo's time). Keep in step with checks.ts (a test
 * checks it).
 */
import type { CheckDefinition } from '@preflight/core';

export const checkLoaders: Record<string, () => Promise<CheckDefinition<any>>> = {
  'schema-verify': async () => (await import('@preflight/schema-verify/definition')).schemaVerify,
  'migrate-direct': async () => (await import('@preflight/migrate-direct/definition')).migrateDirect,
  'registry-deploy': async () => (await import('@preflight/registry-deploy/definition')).registryDeploy,
  'restore-verify': async () => (await import('@preflight/restore-verify/definition')).restoreVerify,
  'secrets-lint': async () => (await import('@preflight/secrets-lint/definition')).secretsLint,
};
