import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  require_dist
} from "./chunk-JLYKL5C3.js";
import {
  __toESM
} from "./chunk-NRNS3NRG.js";

// packages/secrets-lint/src/yaml-api.ts
var import_yaml = __toESM(require_dist(), 1);
var export_LineCounter = import_yaml.LineCounter;
var export_isMap = import_yaml.isMap;
var export_isScalar = import_yaml.isScalar;
var export_isSeq = import_yaml.isSeq;
var export_parseAllDocuments = import_yaml.parseAllDocuments;
export {
  export_LineCounter as LineCounter,
  export_isMap as isMap,
  export_isScalar as isScalar,
  export_isSeq as isSeq,
  export_parseAllDocuments as parseAllDocuments
};
