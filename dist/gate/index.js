import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  gate
} from "../chunks/chunk-7KX6J4QR.js";
import "../chunks/chunk-56X7D4EB.js";
import {
  runAction
} from "../chunks/chunk-42SJKKYR.js";
import "../chunks/chunk-4SICCAN4.js";
import "../chunks/chunk-UVB7Y4LE.js";
import "../chunks/chunk-NRNS3NRG.js";

// packages/cli/src/gate-action.ts
await runAction(gate);
