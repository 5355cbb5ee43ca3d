import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy,
  registryDeployOptions,
  validateCombination
} from "./chunk-ZO42EFI3.js";
import "./chunk-LAUZMQHD.js";
import "./chunk-E7FIF6L7.js";
import "./chunk-D74R7RMM.js";
import "./chunk-NRNS3NRG.js";
export {
  registryDeploy,
  registryDeployOptions,
  validateCombination
};
