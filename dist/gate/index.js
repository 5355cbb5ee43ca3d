import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-RHK3Z6NN.js";
import "../chunks/chunk-QTUZA6PM.js";
import "../chunks/chunk-AW2EQTQA.js";
import "../chunks/chunk-B4GHVB34.js";
import "../chunks/chunk-RRKLIIFA.js";
import "../chunks/chunk-4DR2YOOW.js";
import "../chunks/chunk-G4LBREWD.js";
import {
  runAction
} from "../chunks/chunk-B4FGJIEZ.js";
import "../chunks/chunk-Y5GV3EDI.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
