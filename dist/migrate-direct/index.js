import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  migrateDirect
} from "../chunks/chunk-FCR2NLV7.js";
import {
  runAction
} from "../chunks/chunk-WXGUN62P.js";
import "../chunks/chunk-4CWAQ2LW.js";
import "../chunks/chunk-RLH33CSO.js";

// actions/migrate-direct/main.ts
await runAction(migrateDirect);
