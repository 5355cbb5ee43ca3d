import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  UsageError
} from "./chunk-KNCBXDSL.js";

// packages/registry-deploy/src/health-expect.ts
function parseHealthExpect(text) {
  let bad = (why) => new UsageError(`--health-expect ${JSON.stringify(text.slice(0, 80))} ${why}; write status:200, body:TEXT or json:.path=value (e.g. json:.db=ok).`), colon = text.indexOf(":"), kind = colon >= 0 ? text.slice(0, colon) : "", rest = colon >= 0 ? text.slice(colon + 1) : "";
  if (kind === "status") {
    if (!/^[1-5]\d\d$/.test(rest)) throw bad("needs a three-digit HTTP status");
    return { kind: "status", status: Number(rest), text };
  }
  if (kind === "body") {
    if (rest === "") throw bad("needs the text the body must contain");
    return { kind: "body", contains: rest, text };
  }
  if (kind === "json") {
    let eq = rest.indexOf("="), pathText = eq >= 0 ? rest.slice(0, eq) : rest, path = parseJsonPath(pathText);
    if (!path) throw bad("needs a field path such as .db or .checks[0].status");
    return { kind: "json", path, value: eq >= 0 ? rest.slice(eq + 1) : void 0, text };
  }
  throw bad("starts with neither status:, body: nor json:");
}
function parseJsonPath(text) {
  if (!text.startsWith(".") && !text.startsWith("[")) return;
  let out = [], re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]/gy, m, end = 0;
  for (; m = re.exec(text); )
    out.push(m[1] !== void 0 ? m[1] : Number(m[2])), end = re.lastIndex;
  return end === text.length && out.length > 0 ? out : void 0;
}
function unmetExpectation(expect, status, body) {
  switch (expect.kind) {
    case "status":
      return status === expect.status ? void 0 : `status ${status}, expected ${expect.status}`;
    case "body":
      return body.includes(expect.contains) ? void 0 : `the body does not contain "${expect.contains}"`;
    case "json": {
      let value;
      try {
        value = JSON.parse(body);
      } catch {
        return "the body is not JSON";
      }
      let where = expect.text.slice(5).split("=")[0];
      for (let key of expect.path) {
        if (value === null || typeof value != "object" || !(key in value)) return `the JSON has no ${where}`;
        value = value[key];
      }
      return expect.value === void 0 ? value === null || value === !1 ? `${where} is ${JSON.stringify(value)}` : void 0 : (typeof value == "string" ? value : JSON.stringify(value)) === expect.value ? void 0 : `${where} is ${JSON.stringify(value)?.slice(0, 80)}, expected ${expect.value}`;
    }
  }
}

export {
  parseHealthExpect,
  unmetExpectation
};
