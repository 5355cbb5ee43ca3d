import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-XSNVDSG5.js";
import "../chunks/chunk-4UAKMJLM.js";
import "../chunks/chunk-DWCZOJML.js";
import "../chunks/chunk-5BUWZETB.js";
import "../chunks/chunk-ZWFORSFH.js";
import "../chunks/chunk-7J3JQ3KE.js";
import "../chunks/chunk-RA56NJLE.js";
import "../chunks/chunk-I5HTV62X.js";
import {
  runAction
} from "../chunks/chunk-ZTR3XPBX.js";
import "../chunks/chunk-RWVAVLO4.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
