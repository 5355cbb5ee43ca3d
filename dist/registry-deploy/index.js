import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy
} from "../chunks/chunk-ZO42EFI3.js";
import "../chunks/chunk-LAUZMQHD.js";
import "../chunks/chunk-E7FIF6L7.js";
import {
  runAction
} from "../chunks/chunk-QG4KJNLO.js";
import "../chunks/chunk-D74R7RMM.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/registry-deploy/main.ts
await runAction(registryDeploy);
