import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
} from "./chunk-GIKB3CAY.js";
import "./chunk-4CWAQ2LW.js";
import "./chunk-RLH33CSO.js";
export {
  expectedSources,
  schemaVerify,
  schemaVerifyOptions,
  validateCombination
};
