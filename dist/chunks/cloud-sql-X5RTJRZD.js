import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);
import {
  describeCloudSqlFailure,
  openCloudSqlConnection,
  startCloudSqlLocalProxy
} from "./chunk-PJB7YTPN.js";
import "./chunk-4CWAQ2LW.js";
import "./chunk-RLH33CSO.js";
export {
  describeCloudSqlFailure,
  openCloudSqlConnection,
  startCloudSqlLocalProxy
};
