import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-3HLUF3OJ.js";
import "../chunks/chunk-OVHM6C4G.js";
import "../chunks/chunk-465N3VGT.js";
import "../chunks/chunk-V26K54PY.js";
import "../chunks/chunk-GYTSX5F2.js";
import "../chunks/chunk-FOMB4AQ6.js";
import "../chunks/chunk-SAQRTGEB.js";
import "../chunks/chunk-MEUBEWQM.js";
import {
  runAction
} from "../chunks/chunk-Y2AHIWO6.js";
import "../chunks/chunk-LXHSWUE2.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
