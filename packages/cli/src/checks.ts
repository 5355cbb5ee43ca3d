import type { InputSource } from '@preflight/core';
import { migrateDirect, validateCombination as migrateDirectInputs } from '@preflight/migrate-direct/definition';
import { registryDeploy, validateCombination as registryDeployInputs } from '@preflight/registry-deploy/definition';
import { schemaVerify, validateCombination as schemaVerifyInputs } from '@preflight/schema-verify/definition';
import { restoreVerify, validateCombination as restoreVerifyInputs } from '@preflight/restore-verify/definition';
import { secretsLint, validateCombination as secretsLintInputs } from '@preflight/secrets-lint/definition';

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

/**
 * Each check's own check of its input combinations (pure, no I/O; its run calls it again). The
 * gate calls them before any check runs, so a mistake in a later check's inputs is found before
 * an earlier one changes the database.
 */
export const inputValidators: Record<string, (inputs: any, source: InputSource) => void> = {
  'schema-verify': (inputs) => schemaVerifyInputs(inputs),
  'migrate-direct': (inputs) => migrateDirectInputs(inputs),
  'registry-deploy': (inputs) => registryDeployInputs(inputs),
  'restore-verify': (inputs) => restoreVerifyInputs(inputs),
  'secrets-lint': (inputs, source) => secretsLintInputs(inputs, source),
};
