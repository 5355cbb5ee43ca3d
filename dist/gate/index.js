import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-MOUZAZYF.js";
import "../chunks/chunk-JOMKXOVQ.js";
import "../chunks/chunk-LFYTDR75.js";
import "../chunks/chunk-SKRVANZG.js";
import "../chunks/chunk-PQBHQSF3.js";
import "../chunks/chunk-LT7WCRBH.js";
import "../chunks/chunk-F5DHHEC6.js";
import "../chunks/chunk-6ED32FM2.js";
import {
  runAction
} from "../chunks/chunk-S52YM25X.js";
import "../chunks/chunk-6R3JBDMR.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
