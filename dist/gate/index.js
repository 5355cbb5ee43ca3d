import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-LMXWHAMP.js";
import "../chunks/chunk-FWVTMY53.js";
import "../chunks/chunk-Q3PSDPDD.js";
import {
  runAction
} from "../chunks/chunk-ZWRTYSXD.js";
import "../chunks/chunk-TLNJN7T6.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
