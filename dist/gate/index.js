import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-S7UWK5GW.js";
import "../chunks/chunk-TAO3CQPS.js";
import "../chunks/chunk-PK5UQXLB.js";
import "../chunks/chunk-B4GHVB34.js";
import "../chunks/chunk-RRKLIIFA.js";
import "../chunks/chunk-S4GC22UT.js";
import "../chunks/chunk-IW3CM6E4.js";
import "../chunks/chunk-LOOHK2LG.js";
import {
  runAction
} from "../chunks/chunk-TW6MH6PI.js";
import "../chunks/chunk-Y5GV3EDI.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
