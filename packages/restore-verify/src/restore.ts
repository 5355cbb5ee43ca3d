import { CouldNotRunError, type CheckContext, type Finding } from '@preflight/core';
import type { ConnectionTarget } from '@preflight/pg';
import type { RestoreVerifyInputs } from './definition.ts';
import type { DumpSummary } from './dump/types.ts';

export async function restoreDump(_path: string, _dump: DumpSummary, _target: ConnectionTarget, _inputs: RestoreVerifyInputs, _ctx: CheckContext): Promise<Finding[]> {
  throw new CouldNotRunError('--restore is not available in this build yet; restore with pg_restore/psql yourself and run restore-verify with --database-url.');
}

export async function dropDatabase(_target: ConnectionTarget, _ctx: CheckContext): Promise<void> {}
