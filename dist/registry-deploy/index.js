import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  registryDeploy
} from "../chunks/chunk-E7HIZ7BD.js";
import "../chunks/chunk-UD2Q3MCG.js";
import "../chunks/chunk-VCBPSRQV.js";
import {
  runAction
} from "../chunks/chunk-E5Z32AQG.js";
import "../chunks/chunk-KNCBXDSL.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/registry-deploy/main.ts
await runAction(registryDeploy);
