import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);

// packages/schema-verify/src/model.ts
function emptyModel(serverVersionNum = 0) {
  return {
    serverVersionNum,
    schemas: {},
    extensions: {},
    tables: {},
    views: {},
    indexes: {},
    sequences: {},
    functions: {},
    types: {},
    defaultPrivileges: {},
    publications: {},
    statistics: {},
    rangeTypes: {},
    casts: {},
    collations: {},
    operators: {},
    operatorFamilies: {},
    operatorClasses: {},
    foreignDataWrappers: {},
    foreignServers: {},
    userMappings: {},
    foreignTables: {},
    textSearchParsers: {},
    textSearchTemplates: {},
    textSearchDictionaries: {},
    textSearchConfigurations: {},
    eventTriggers: {},
    securityLabels: {}
  };
}
function keyPart(name) {
  return /[."()]/.test(name) || name === "" ? `"${name.replace(/"/g, '""')}"` : name;
}
function qualifiedKey(schema, name) {
  return `${keyPart(schema)}.${keyPart(name)}`;
}
function memberKey(relationKey, name) {
  return `${relationKey}.${keyPart(name)}`;
}
function functionKey(schema, name, argTypes) {
  return `${qualifiedKey(schema, name)}(${argTypes})`;
}
function splitKey(key) {
  let parts = [], re = /"((?:[^"]|"")*)"|([^."]*)/y;
  for (let i = 0; i <= key.length; ) {
    re.lastIndex = i;
    let m = re.exec(key);
    parts.push(m[1] !== void 0 ? m[1].replace(/""/g, '"') : m[2]), i = re.lastIndex + 1;
  }
  return parts;
}
function unquotedKey(key) {
  return key.replace(/"((?:[^"]|"")*)"/g, (_, inner) => inner.replace(/""/g, '"'));
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export {
  emptyModel,
  keyPart,
  qualifiedKey,
  memberKey,
  functionKey,
  splitKey,
  unquotedKey,
  compareText,
  escapeRegExp
};
