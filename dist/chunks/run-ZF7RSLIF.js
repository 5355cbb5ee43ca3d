import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  fleetReport,
  verifyFleet
} from "./chunk-IRMZBCQ6.js";
import "./chunk-VT22K7JA.js";
import "./chunk-YNVA56F4.js";
import "./chunk-XMEJGD6I.js";
import "./chunk-GHO5DXBD.js";
import "./chunk-WQXTXWA7.js";
import "./chunk-D74R7RMM.js";
import "./chunk-NRNS3NRG.js";
export {
  fleetReport,
  verifyFleet
};
