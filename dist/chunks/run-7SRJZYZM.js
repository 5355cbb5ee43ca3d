import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive,
  verifySchema
} from "./chunk-WUGSVIR6.js";
import "./chunk-VKPUKNWW.js";
import "./chunk-NLXVMNST.js";
import "./chunk-LTTFQOXF.js";
import "./chunk-HN2MCQQP.js";
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
