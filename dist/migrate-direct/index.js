import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect
} from "../chunks/chunk-3C77YSYY.js";
import "../chunks/chunk-N5PM3ADJ.js";
import {
  runAction
} from "../chunks/chunk-OJYGDBLI.js";
import "../chunks/chunk-JPD34EOW.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/migrate-direct/main.ts
await runAction(migrateDirect);
