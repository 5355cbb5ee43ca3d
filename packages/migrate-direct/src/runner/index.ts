/** The runner's building blocks, for the gate, the bench and tests. */
export { openDirectSession, probeSession, APPLICATION_NAME, type DirectSession, type SessionInputs } from './session.ts';
export { runNative, type NativeOptions, type NativeResult } from './native.ts';
export { planMigrations, type Plan, type PlanOptions } from './plan.ts';
export { ledgerFor, type Ledger, type LedgerFormat, type LedgerState, type AppliedRow } from './ledger.ts';
export { applyMigration, errorLine, piecesOf, type ApplyOutcome, type ApplySettings } from './apply.ts';
export { acquireMigrationLock, advisoryLockKey, describeHolders, lockHolders, releaseMigrationLock, type LockHolder } from './lock.ts';
export { checkConnections, mergeConnectionFindings } from './connections.ts';
export { alembicHeadsFinding, commandFailedFinding, downCommandFinding } from './command.ts';
