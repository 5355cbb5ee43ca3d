import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  fleetReport,
  verifyFleet
} from "./chunk-7LBZXHYL.js";
import "./chunk-57CDZP4D.js";
import "./chunk-V63QWCG6.js";
import "./chunk-I72KYDSH.js";
import "./chunk-DTPCLYKG.js";
import "./chunk-XUUNJEHW.js";
import "./chunk-LJFF4CTR.js";
import "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";
export {
  fleetReport,
  verifyFleet
};
