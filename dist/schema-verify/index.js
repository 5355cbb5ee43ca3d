import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  schemaVerify
} from "../chunks/chunk-GIKB3CAY.js";
import {
  runAction
} from "../chunks/chunk-WXGUN62P.js";
import "../chunks/chunk-4CWAQ2LW.js";
import "../chunks/chunk-RLH33CSO.js";

// actions/schema-verify/main.ts
await runAction(schemaVerify);
