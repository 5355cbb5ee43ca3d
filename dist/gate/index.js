import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-IRWBVYQX.js";
import "../chunks/chunk-7UEQZH2Q.js";
import "../chunks/chunk-QQF3JO37.js";
import {
  runAction
} from "../chunks/chunk-COF62KAB.js";
import "../chunks/chunk-LHPWFTIC.js";
import "../chunks/chunk-VVPGPIGA.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
