/**
 * Rollback and the schema: the migration ledger of --database-url is read before the promotion
 * and again after a rollback. When it moved (the failed release applied migrations as it
 * started), rolling back the image alone is reported with both sides; nothing is restored.
 * Reading is best effort: a database we cannot read here never fails the deploy.
 */
import type { Logger } from '@preflight/core';

export type LedgerView = string;

export async function readLedgerView(url: string, log: Logger): Promise<LedgerView | undefined> {
  try {
    const { connectClient, parseConnection, readLedgers } = await import('@preflight/pg');
    const target = parseConnection(url, { inputName: 'database-url', connectTimeoutMs: 10_000 });
    const client = await connectClient(target, { applicationName: 'preflight registry-deploy' });
    try {
      const ledgers = await readLedgers(client);
      if (ledgers.length === 0) return 'no ledger';
      return ledgers.map((l) => `${l.table} at ${l.head ?? (l.versions.length ? l.versions[l.versions.length - 1] : 'nothing')}`).join(', ');
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    log.debug(`Could not read the migration ledger: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
