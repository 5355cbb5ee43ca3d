import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-XWUTMYBV.js";
import "../chunks/chunk-KQ7DVRLT.js";
import "../chunks/chunk-AYJWLP3E.js";
import "../chunks/chunk-MXBWGVN6.js";
import "../chunks/chunk-H72UJOTN.js";
import "../chunks/chunk-VQ7Z3DZJ.js";
import "../chunks/chunk-QADEWM22.js";
import "../chunks/chunk-7WUFAPOG.js";
import {
  runAction
} from "../chunks/chunk-V4GVIL3N.js";
import "../chunks/chunk-SXW2CEUP.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
