import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  dropDatabase,
  loadDump,
  onDatabase,
  restoreDump,
  shadowName,
  toolFor
} from "./chunk-CVDKVSDZ.js";
import "./chunk-YKJ7Q5VS.js";
import "./chunk-O5A2T5VJ.js";
import "./chunk-Y5GV3EDI.js";
import "./chunk-NRNS3NRG.js";
export {
  dropDatabase,
  loadDump,
  onDatabase,
  restoreDump,
  shadowName,
  toolFor
};
