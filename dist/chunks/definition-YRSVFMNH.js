import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect,
  migrateDirectOptions,
  validateCombination,
  verifyPassThrough
} from "./chunk-HYYC36EL.js";
import "./chunk-ALBCHST6.js";
import "./chunk-5TYTYPB3.js";
import "./chunk-NRNS3NRG.js";
export {
  migrateDirect,
  migrateDirectOptions,
  validateCombination,
  verifyPassThrough
};
