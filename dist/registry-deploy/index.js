import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy
} from "../chunks/chunk-465N3VGT.js";
import "../chunks/chunk-V26K54PY.js";
import "../chunks/chunk-GYTSX5F2.js";
import {
  runAction
} from "../chunks/chunk-Y2AHIWO6.js";
import "../chunks/chunk-LXHSWUE2.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/registry-deploy/main.ts
await runAction(registryDeploy);
