import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-YNFTFGNX.js";
import "../chunks/chunk-IFGCEY32.js";
import "../chunks/chunk-SBT2KMVU.js";
import "../chunks/chunk-WOFB2EYC.js";
import "../chunks/chunk-MC62YFDC.js";
import "../chunks/chunk-EC6QQXC2.js";
import "../chunks/chunk-W4JX5I74.js";
import "../chunks/chunk-GSMNHE7Y.js";
import {
  runAction
} from "../chunks/chunk-YR3JVP2Q.js";
import "../chunks/chunk-JS3NN67Z.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
