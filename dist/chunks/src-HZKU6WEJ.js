import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  cleanUpOnExit,
  connectClient,
  connectionError,
  connectionUrl,
  databaseEnv,
  detectPoolerFromTarget,
  findPostgresBinDir,
  freePort,
  ledgerFindings,
  ledgerRules,
  ledgerTableNames,
  probeTransactionPooler,
  quoteIdent,
  readLedgers,
  runCommand,
  runningChildren,
  startPostgres,
  supabaseDirectUrl,
  targetForDatabase,
  temporaryDirs,
  unprivilegedUser,
  withClient
} from "./chunk-VEJ4VSLG.js";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  displayConnection,
  parseConnection,
  redactUrl,
  startCloudSqlLocalProxy
} from "./chunk-CNRXMQPA.js";
import "./chunk-7BA63KC5.js";
import "./chunk-NRNS3NRG.js";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  cleanUpOnExit,
  connectClient,
  connectionError,
  connectionUrl,
  databaseEnv,
  detectPoolerFromTarget,
  displayConnection,
  findPostgresBinDir,
  freePort,
  ledgerFindings,
  ledgerRules,
  ledgerTableNames,
  parseConnection,
  probeTransactionPooler,
  quoteIdent,
  readLedgers,
  redactUrl,
  runCommand,
  runningChildren,
  startCloudSqlLocalProxy,
  startPostgres,
  supabaseDirectUrl,
  targetForDatabase,
  temporaryDirs,
  unprivilegedUser,
  withClient
};
