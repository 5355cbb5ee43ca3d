import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy
} from "../chunks/chunk-AYJWLP3E.js";
import "../chunks/chunk-MXBWGVN6.js";
import "../chunks/chunk-H72UJOTN.js";
import {
  runAction
} from "../chunks/chunk-V4GVIL3N.js";
import "../chunks/chunk-SXW2CEUP.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/registry-deploy/main.ts
await runAction(registryDeploy);
