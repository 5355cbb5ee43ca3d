import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checks,
  gate
} from "./chunk-XSNVDSG5.js";
import "./chunk-4UAKMJLM.js";
import "./chunk-DWCZOJML.js";
import "./chunk-5BUWZETB.js";
import "./chunk-ZWFORSFH.js";
import "./chunk-7J3JQ3KE.js";
import "./chunk-RA56NJLE.js";
import "./chunk-I5HTV62X.js";
import "./chunk-RWVAVLO4.js";
import "./chunk-NRNS3NRG.js";

// packages/cli/src/all-checks.ts
var allChecks = [...checks, gate];
export {
  allChecks
};
