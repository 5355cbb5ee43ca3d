import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  migrateDirect
} from "../chunks/chunk-SZZ5F22A.js";
import "../chunks/chunk-XUUNJEHW.js";
import "../chunks/chunk-LJFF4CTR.js";
import {
  runAction
} from "../chunks/chunk-E5Z32AQG.js";
import "../chunks/chunk-KNCBXDSL.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/migrate-direct/main.ts
await runAction(migrateDirect);
