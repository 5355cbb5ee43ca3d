import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-UBA6HNDH.js";
import "../chunks/chunk-HYYC36EL.js";
import "../chunks/chunk-NRUM4Q7H.js";
import "../chunks/chunk-GEACCG77.js";
import "../chunks/chunk-K77E36Y7.js";
import "../chunks/chunk-2TJSBXJD.js";
import "../chunks/chunk-ALBCHST6.js";
import "../chunks/chunk-7ASFDGJ4.js";
import {
  runAction
} from "../chunks/chunk-T3MBN24Q.js";
import "../chunks/chunk-5TYTYPB3.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
