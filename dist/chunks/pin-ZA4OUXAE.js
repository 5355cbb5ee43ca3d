import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  applyPins,
  pinnedImage,
  planPins
} from "./chunk-RUCSXNUK.js";
import "./chunk-5TU5OGOM.js";
import "./chunk-JLYKL5C3.js";
import "./chunk-VCBPSRQV.js";
import "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";
export {
  applyPins,
  pinnedImage,
  planPins
};
