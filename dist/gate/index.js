import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-EZJHHYS4.js";
import "../chunks/chunk-NIZCB5SB.js";
import "../chunks/chunk-N76FQ6UQ.js";
import "../chunks/chunk-7ZMDCZBK.js";
import "../chunks/chunk-7BOCAK4Q.js";
import "../chunks/chunk-7FQLVVY2.js";
import "../chunks/chunk-ONOV47FI.js";
import "../chunks/chunk-LY6Q7RLK.js";
import {
  runAction
} from "../chunks/chunk-VVFROEF5.js";
import "../chunks/chunk-7BA63KC5.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
