import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  restoreVerify
} from "../chunks/chunk-Z6LJ23PI.js";
import {
  runAction
} from "../chunks/chunk-QG4KJNLO.js";
import "../chunks/chunk-D74R7RMM.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/restore-verify/main.ts
await runAction(restoreVerify);
