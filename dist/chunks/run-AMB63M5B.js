import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  answerTimeoutOf,
  migrateOne,
  prepareRun,
  refusedBeforeConnecting,
  runMigrateDirect,
  sessionInputsOf
} from "./chunk-H72ISXLI.js";
import "./chunk-PDILWB2T.js";
import "./chunk-EYJ2Z463.js";
import "./chunk-HYYC36EL.js";
import "./chunk-ALBCHST6.js";
import "./chunk-5TYTYPB3.js";
import "./chunk-NRNS3NRG.js";
export {
  answerTimeoutOf,
  migrateOne,
  prepareRun,
  refusedBeforeConnecting,
  runMigrateDirect,
  sessionInputsOf
};
