import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-ANEPT5CE.js";
import "../chunks/chunk-7YD2WLDZ.js";
import "../chunks/chunk-4RRAEU22.js";
import {
  runAction
} from "../chunks/chunk-R4HG4ZQH.js";
import "../chunks/chunk-ZIZOYQD3.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
