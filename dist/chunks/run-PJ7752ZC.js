import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive,
  verifySchema
} from "./chunk-UMBLFFEE.js";
import "./chunk-W2VUDZOC.js";
import "./chunk-XMEJGD6I.js";
import "./chunk-GHO5DXBD.js";
import "./chunk-5XZRH7X5.js";
import "./chunk-LJFF4CTR.js";
import "./chunk-D74R7RMM.js";
import "./chunk-NRNS3NRG.js";
export {
  checkReadable,
  checkSchemasExist,
  compareSides,
  loadExpected,
  readLive,
  verifySchema
};
