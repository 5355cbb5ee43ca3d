import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  checkAppRole,
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
} from "./chunk-XUUNJEHW.js";
import "./chunk-LJFF4CTR.js";
import "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";
export {
  checkAppRole,
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
};
