import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy
} from "../chunks/chunk-XPU5LSED.js";
import "../chunks/chunk-MLDOJDJY.js";
import "../chunks/chunk-SYOM4NXG.js";
import {
  runAction
} from "../chunks/chunk-5RQB6AEM.js";
import "../chunks/chunk-SP4SEOPI.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/registry-deploy/main.ts
await runAction(registryDeploy);
