import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  connectClient,
  connectionError,
  detectPoolerFromTarget,
  findPostgresBinDir,
  freePort,
  ledgerFindings,
  ledgerRules,
  ledgerTableNames,
  probeTransactionPooler,
  readLedgers,
  startPostgres,
  supabaseDirectUrl,
  withClient
} from "./chunk-UQ3UXQPC.js";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  displayConnection,
  parseConnection,
  redactUrl,
  startCloudSqlLocalProxy
} from "./chunk-PJB7YTPN.js";
import "./chunk-4CWAQ2LW.js";
import "./chunk-RLH33CSO.js";
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  connectClient,
  connectionError,
  detectPoolerFromTarget,
  displayConnection,
  findPostgresBinDir,
  freePort,
  ledgerFindings,
  ledgerRules,
  ledgerTableNames,
  parseConnection,
  probeTransactionPooler,
  readLedgers,
  redactUrl,
  startCloudSqlLocalProxy,
  startPostgres,
  supabaseDirectUrl,
  withClient
};
