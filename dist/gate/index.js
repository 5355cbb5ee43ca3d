import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-X6GSVUEZ.js";
import "../chunks/chunk-3C77YSYY.js";
import "../chunks/chunk-YMMR76SV.js";
import "../chunks/chunk-RB6YSLFW.js";
import "../chunks/chunk-QT5QSAH2.js";
import "../chunks/chunk-N27KANOV.js";
import "../chunks/chunk-N5PM3ADJ.js";
import "../chunks/chunk-U4HA5Z5C.js";
import {
  runAction
} from "../chunks/chunk-OJYGDBLI.js";
import "../chunks/chunk-JPD34EOW.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
