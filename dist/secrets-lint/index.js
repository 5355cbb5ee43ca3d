import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  secretsLint
} from "../chunks/chunk-A2EJNDVS.js";
import {
  runAction
} from "../chunks/chunk-5RQB6AEM.js";
import "../chunks/chunk-SP4SEOPI.js";
import "../chunks/chunk-NRNS3NRG.js";

// actions/secrets-lint/main.ts
await runAction(secretsLint);
