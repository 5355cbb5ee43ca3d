import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive,
  verifySchema
} from "./chunk-3W5VLXO3.js";
import "./chunk-AUPRNTWK.js";
import "./chunk-NLXVMNST.js";
import "./chunk-LTTFQOXF.js";
import "./chunk-N5PM3ADJ.js";
import "./chunk-JPD34EOW.js";
import "./chunk-NRNS3NRG.js";
export {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive,
  verifySchema
};
