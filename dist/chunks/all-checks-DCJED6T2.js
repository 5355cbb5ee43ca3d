import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checks,
  gate
} from "./chunk-X6GSVUEZ.js";
import "./chunk-3C77YSYY.js";
import "./chunk-YMMR76SV.js";
import "./chunk-RB6YSLFW.js";
import "./chunk-QT5QSAH2.js";
import "./chunk-N27KANOV.js";
import "./chunk-N5PM3ADJ.js";
import "./chunk-U4HA5Z5C.js";
import "./chunk-JPD34EOW.js";
import "./chunk-NRNS3NRG.js";

// packages/cli/src/all-checks.ts
var allChecks = [...checks, gate];
export {
  allChecks
};
