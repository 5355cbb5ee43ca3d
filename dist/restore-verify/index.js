import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  restoreVerify
} from "../chunks/chunk-7DOQEL5K.js";
import {
  runAction
} from "../chunks/chunk-E5Z32AQG.js";
import "../chunks/chunk-KNCBXDSL.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/restore-verify/main.ts
await runAction(restoreVerify);
