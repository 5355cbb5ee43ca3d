import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-SSMV3OB7.js";
import "../chunks/chunk-LJBDMENA.js";
import "../chunks/chunk-5BQOFYKZ.js";
import "../chunks/chunk-V26K54PY.js";
import "../chunks/chunk-GYTSX5F2.js";
import "../chunks/chunk-B6DFP3ZO.js";
import "../chunks/chunk-BZN4AYOC.js";
import "../chunks/chunk-MEUBEWQM.js";
import {
  runAction
} from "../chunks/chunk-Y2AHIWO6.js";
import "../chunks/chunk-LXHSWUE2.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
