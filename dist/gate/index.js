import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-YBKKPJE3.js";
import "../chunks/chunk-AYX5S2Q6.js";
import "../chunks/chunk-33CAX2PM.js";
import "../chunks/chunk-FXIQT2YU.js";
import "../chunks/chunk-OKDQRFZB.js";
import "../chunks/chunk-WNSIXLYR.js";
import "../chunks/chunk-QRYUS5WL.js";
import "../chunks/chunk-4BZ3S64S.js";
import {
  runAction
} from "../chunks/chunk-SNDFGPYN.js";
import "../chunks/chunk-UINYFNUK.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
