import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-BH46HSBB.js";
import "../chunks/chunk-DKWWJ2G2.js";
import "../chunks/chunk-UAX4CIAF.js";
import "../chunks/chunk-7RXODNC7.js";
import "../chunks/chunk-46DOQXJB.js";
import "../chunks/chunk-74LBNG3X.js";
import "../chunks/chunk-7YBOKGEH.js";
import "../chunks/chunk-ZYQKEL7C.js";
import {
  runAction
} from "../chunks/chunk-6G6GZQR2.js";
import "../chunks/chunk-HJIKUHOV.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
