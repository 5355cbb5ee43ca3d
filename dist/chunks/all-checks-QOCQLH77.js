import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checks,
  gate
} from "./chunk-BH46HSBB.js";
import "./chunk-DKWWJ2G2.js";
import "./chunk-UAX4CIAF.js";
import "./chunk-7RXODNC7.js";
import "./chunk-46DOQXJB.js";
import "./chunk-74LBNG3X.js";
import "./chunk-7YBOKGEH.js";
import "./chunk-ZYQKEL7C.js";
import "./chunk-HJIKUHOV.js";
import "./chunk-NRNS3NRG.js";

// packages/cli/src/all-checks.ts
var allChecks = [...checks, gate];
export {
  allChecks
};
