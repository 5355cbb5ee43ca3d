import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  parseMinRows,
  restoreVerify,
  restoreVerifyOptions,
  validateCombination
} from "./chunk-Z6LJ23PI.js";
import "./chunk-D74R7RMM.js";
import "./chunk-NRNS3NRG.js";
export {
  parseMinRows,
  restoreVerify,
  restoreVerifyOptions,
  validateCombination
};
