import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
} from "./chunk-IW3CM6E4.js";
import "./chunk-Y5GV3EDI.js";
import "./chunk-NRNS3NRG.js";
export {
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
};
