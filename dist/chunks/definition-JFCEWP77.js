import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy,
  registryDeployOptions,
  validateCombination
} from "./chunk-NRUM4Q7H.js";
import "./chunk-GEACCG77.js";
import "./chunk-K77E36Y7.js";
import "./chunk-5TYTYPB3.js";
import "./chunk-NRNS3NRG.js";
export {
  registryDeploy,
  registryDeployOptions,
  validateCombination
};
