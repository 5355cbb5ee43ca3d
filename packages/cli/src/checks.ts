import { migrateDirect } from '@preflight/migrate-direct/definition';
import { schemaVerify } from '@preflight/schema-verify/definition';
import { secretsLint } from '@preflight/secrets-lint/definition';

/** Every check the CLI and the gate know, in the order the gate runs them. */
export const checks = [schemaVerify, migrateDirect, secretsLint] as const;

/** Outputs a check's action has besides status, findings and report. */
export const extraOutputs: Record<string, { name: string; description: string }[]> = {
  'migrate-direct': [
    { name: 'applied', description: 'Number of migrations applied by this run.' },
    { name: 'pending', description: 'Number of migrations still pending (with dry-run: the ones that would run).' },
  ],
};
