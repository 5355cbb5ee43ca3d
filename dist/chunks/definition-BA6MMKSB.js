import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy,
  registryDeployOptions,
  validateCombination
} from "./chunk-YMMR76SV.js";
import "./chunk-RB6YSLFW.js";
import "./chunk-QT5QSAH2.js";
import "./chunk-JPD34EOW.js";
import "./chunk-NRNS3NRG.js";
export {
  registryDeploy,
  registryDeployOptions,
  validateCombination
};
