import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);

// packages/registry-deploy/src/ledger-watch.ts
async function readLedgerView(url, log) {
  try {
    let { connectClient, parseConnection, readLedgers } = await import("./src-4VTQ3TCT.js"), target = parseConnection(url, { inputName: "database-url", connectTimeoutMs: 1e4 }), client = await connectClient(target, { applicationName: "preflight registry-deploy" });
    try {
      let ledgers = await readLedgers(client);
      return ledgers.length === 0 ? "no ledger" : ledgers.map((l) => `${l.table} at ${l.head ?? (l.versions.length ? l.versions[l.versions.length - 1] : "nothing")}`).join(", ");
    } finally {
      await client.end().catch(() => {
      });
    }
  } catch (error) {
    log.debug(`Could not read the migration ledger: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
}

export {
  readLedgerView
};
