import { migrateDirect } from '@preflight/migrate-direct/definition';
import { registryDeploy } from '@preflight/registry-deploy/definition';
import { schemaVerify } from '@preflight/schema-verify/definition';
import { restoreVerify } from '@preflight/restore-verify/definition';
import { secretsLint } from '@preflight/secrets-lint/definition';

/** Every check the CLI and the gate know, in the order `preflight --help` lists them (the gate runs them in release order, gate.ts). */
export const checks = [schemaVerify, migrateDirect, registryDeploy, restoreVerify, secretsLint] as const;

/** Outputs a check's action has besides status, findings and report. */
export const extraOutputs: Record<string, { name: string; description: string }[]> = {
  'migrate-direct': [
    { name: 'applied', description: 'Number of migrations applied by this run.' },
    { name: 'pending', description: 'Number of migrations still pending (with dry-run: the ones that would run).' },
  ],
  'registry-deploy': [
    { name: 'digest', description: 'Digest the target tag points at after the run (sha256:...).' },
    { name: 'image', description: 'The target as repo@sha256:..., for a deploy that pins by digest.' },
    { name: 'previous-digest', description: 'Digest the target tag pointed at before the promotion (empty when the tag was new).' },
  ],
};
