import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-33M34ZY3.js";
import "../chunks/chunk-HOJAKVO3.js";
import "../chunks/chunk-6DYLLXXF.js";
import "../chunks/chunk-7ZMDCZBK.js";
import "../chunks/chunk-7BOCAK4Q.js";
import "../chunks/chunk-SJNGWTMW.js";
import "../chunks/chunk-KJMRKZDX.js";
import "../chunks/chunk-LY6Q7RLK.js";
import {
  runAction
} from "../chunks/chunk-VVFROEF5.js";
import "../chunks/chunk-7BA63KC5.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
