import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checks,
  gate
} from "./chunk-MOUZAZYF.js";
import "./chunk-JOMKXOVQ.js";
import "./chunk-LFYTDR75.js";
import "./chunk-SKRVANZG.js";
import "./chunk-PQBHQSF3.js";
import "./chunk-LT7WCRBH.js";
import "./chunk-F5DHHEC6.js";
import "./chunk-6ED32FM2.js";
import "./chunk-6R3JBDMR.js";
import "./chunk-NRNS3NRG.js";

// packages/cli/src/all-checks.ts
var allChecks = [...checks, gate];
export {
  allChecks
};
