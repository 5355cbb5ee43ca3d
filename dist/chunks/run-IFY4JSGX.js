import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  fleetReport
} from "./chunk-7LBZXHYL.js";
import {
  checkReadable,
  compareSides,
  loadExpected,
  readAppRole
} from "./chunk-57CDZP4D.js";
import {
  fixScript,
  introspect,
  toSnapshot
} from "./chunk-V63QWCG6.js";
import {
  connectClient,
  quoteIdent
} from "./chunk-I72KYDSH.js";
import {
  parseConnection
} from "./chunk-DTPCLYKG.js";
import "./chunk-XUUNJEHW.js";
import {
  emptyModel,
  escapeRegExp,
  functionKey,
  keyPart,
  qualifiedKey
} from "./chunk-LJFF4CTR.js";
import {
  UsageError,
  labelOf,
  prefixedLogger,
  redact,
  writeFileAtomic,
  writeJsonFileAtomic
} from "./chunk-KNCBXDSL.js";
import "./chunk-NRNS3NRG.js";

// packages/schema-verify/src/tenants/requalify.ts
var IDENT = String.raw`"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*`;
function requalify(model, from, to) {
  let names = objectNames(model, from), fromKey = `${keyPart(from)}.`, toKey = `${keyPart(to)}.`, key = (k) => k.startsWith(fromKey) ? toKey + k.slice(fromKey.length) : k, pattern = new RegExp(String.raw`(?<![A-Za-z0-9_$."\u0080-\uffff])${escapeRegExp(quoteIdent(from))}\.(${IDENT})`, "g"), toSql = quoteIdent(to), text = (s) => s === void 0 ? s : s.replace(pattern, (whole, name) => names.has(unquote(name)) ? `${toSql}.${name}` : whole), column = (c) => ({ ...c, type: text(c.type), default: text(c.default), generated: text(c.generated), collation: text(c.collation) }), triggers = (t) => mapValues(t, (x) => ({ ...x, definition: text(x.definition) })), out = emptyModel(model.serverVersionNum);
  out.extensions = {}, out.publications = {};
  let schema = model.schemas[keyPart(from)];
  schema && (out.schemas[keyPart(to)] = { ...schema, name: to });
  for (let t of ofSchema(model.tables, from)) {
    let table = {
      ...t,
      schema: to,
      partitionKey: text(t.partitionKey),
      partitionOf: t.partitionOf === void 0 ? void 0 : key(t.partitionOf),
      inherits: t.inherits?.map(key),
      columns: t.columns.map(column),
      constraints: mapValues(t.constraints, (c) => ({ ...c, definition: text(c.definition), references: c.references === void 0 ? void 0 : key(c.references), parent: c.parent === void 0 ? void 0 : key(c.parent) })),
      triggers: triggers(t.triggers),
      rules: t.rules && mapValues(t.rules, (x) => ({ ...x, definition: text(x.definition) })),
      policies: mapValues(t.policies, (p) => ({ ...p, using: text(p.using), withCheck: text(p.withCheck) }))
    };
    out.tables[qualifiedKey(to, t.name)] = dropUndefined(table);
  }
  for (let v of ofSchema(model.views, from)) {
    let view = {
      ...v,
      schema: to,
      definition: text(v.definition),
      dependsOn: v.dependsOn.map(key),
      columns: v.columns.map(column),
      triggers: triggers(v.triggers),
      rules: v.rules && mapValues(v.rules, (x) => ({ ...x, definition: text(x.definition) }))
    };
    out.views[qualifiedKey(to, v.name)] = view;
  }
  for (let i of ofSchema(model.indexes, from))
    out.indexes[qualifiedKey(to, i.name)] = dropUndefined({ ...i, schema: to, table: key(i.table), definition: text(i.definition), parent: i.parent === void 0 ? void 0 : key(i.parent) });
  for (let s of ofSchema(model.sequences, from))
    out.sequences[qualifiedKey(to, s.name)] = dropUndefined({ ...s, schema: to, ownedBy: s.ownedBy === void 0 ? void 0 : key(s.ownedBy) });
  for (let f of ofSchema(model.functions, from)) {
    let argTypes = text(f.argTypes);
    out.functions[functionKey(to, f.name, argTypes)] = dropUndefined({ ...f, schema: to, argTypes, identityArgs: text(f.identityArgs), result: text(f.result), definition: text(f.definition) });
  }
  for (let t of ofSchema(model.types, from)) {
    let type = {
      ...t,
      schema: to,
      baseType: text(t.baseType),
      default: text(t.default),
      collation: text(t.collation),
      constraints: t.constraints && mapValues(t.constraints, (c) => ({ ...c, definition: text(c.definition) })),
      attributes: t.attributes?.map((a) => dropUndefined({ ...a, type: text(a.type), collation: text(a.collation) }))
    };
    out.types[qualifiedKey(to, t.name)] = dropUndefined(type);
  }
  for (let s of ofSchema(model.statistics ?? {}, from))
    out.statistics[qualifiedKey(to, s.name)] = { ...s, schema: to, table: key(s.table), definition: text(s.definition) };
  for (let d of Object.values(model.defaultPrivileges))
    d.schema === from && (out.defaultPrivileges[`${d.role}|${to}|${d.objectType}`] = { ...d, schema: to });
  return out;
}
function splitBySchema(model) {
  let parts = /* @__PURE__ */ new Map();
  for (let s of Object.values(model.schemas)) {
    let part = emptyModel(model.serverVersionNum);
    part.extensions = {}, part.publications = {}, part.schemas[keyPart(s.name)] = s, parts.set(s.name, part);
  }
  let groups = ["tables", "views", "indexes", "sequences", "functions", "types", "statistics", "defaultPrivileges"];
  for (let group of groups)
    for (let [key, def] of Object.entries(model[group] ?? {})) {
      let part = parts.get(def.schema);
      part && (part[group][key] = def);
    }
  return parts;
}
function objectNames(model, schema) {
  let names = /* @__PURE__ */ new Set();
  for (let group of [model.tables, model.views, model.indexes, model.sequences, model.functions, model.types, model.statistics ?? {}])
    for (let o of Object.values(group)) o.schema === schema && names.add(o.name);
  return names;
}
function ofSchema(group, schema) {
  return Object.values(group).filter((o) => o.schema === schema);
}
function mapValues(record, fn) {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, dropUndefined(fn(v))]));
}
function dropUndefined(o) {
  for (let k of Object.keys(o)) o[k] === void 0 && delete o[k];
  return o;
}
function unquote(name) {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

// packages/schema-verify/src/tenants/run.ts
async function verifyTenantSchemas(inputs, ctx) {
  let started = Date.now(), pattern = inputs["schemas-like"], template = inputs["template-schema"], live = parseConnection(inputs["database-url"], { inputName: "database-url", connectTimeoutMs: inputs["connect-timeout"], answerTimeoutMs: inputs["query-timeout"] });
  checkReadable(inputs, ctx);
  let ignorePrivileges = inputs["ignore-privileges"], connect = () => connectClient(live, { applicationName: "preflight schema-verify" }), settled = await Promise.allSettled([
    loadExpected(inputs, ctx, { schemas: [template], ignorePrivileges }),
    ctx.log.group(`Introspecting the schemas of ${live.display} like '${pattern}'`, () => readTenants(connect, pattern, inputs["app-role"], ignorePrivileges))
  ]), failures = settled.flatMap((r) => r.status === "rejected" ? [r.reason] : []);
  if (failures.length > 0) throw failures.find((e) => e instanceof UsageError) ?? failures[0];
  let expected = settled[0].value, actual = settled[1].value;
  if (expected.findings)
    return { findings: expected.findings, summary: "the migrate command created nothing in the shadow database", stats: { expected: expected.label, durationMs: Date.now() - started } };
  if (!expected.model.schemas[keyPart(template)]) {
    let found = Object.values(expected.model.schemas).map((s) => s.name).sort();
    throw new UsageError(
      `The expected schema (${expected.label}) has no schema ${template} to compare the tenant schemas with; name the schema they copy with ${labelOf("template-schema", ctx.source)}${found.length ? ` (schemas found: ${found.join(", ")})` : ""}.`
    );
  }
  inputs["write-snapshot"] && (writeJsonFileAtomic(inputs["write-snapshot"], JSON.parse(toSnapshot(expected.model, { ledger: expected.ledger })), "write-snapshot"), ctx.log.info(`snapshot of ${expected.label} written to ${inputs["write-snapshot"]}`));
  let bySchema = splitBySchema(actual.model), tenants = [...bySchema.keys()].sort();
  if (tenants.length === 0) {
    let others = await schemaNames(connect);
    throw new UsageError(
      redact(
        `${capitalize(labelOf("schemas-like", ctx.source))} '${pattern}' matches no schema in ${live.display} (LIKE is case-sensitive and _ matches any one character; schemas there: ${others.join(", ") || "none"}); checking none is never a pass.`
      )
    );
  }
  ctx.log.info(`Comparing ${tenants.length} tenant schema${tenants.length === 1 ? "" : "s"} with schema ${template} of ${expected.label}; extensions, publications and the migration ledger are database-wide and not compared per tenant schema`);
  let perTenant = { ...inputs, "fix-sql": void 0 }, outcomes = [], drift = [];
  for (let tenant of tenants) {
    let log = prefixedLogger(ctx.log, tenant);
    try {
      let begun = Date.now(), theirs = bySchema.get(tenant), ours = requalify(expected.model, template, tenant);
      template === "public" && theirs.schemas[keyPart(tenant)] && (ours.schemas[keyPart(tenant)] = theirs.schemas[keyPart(tenant)]);
      let result = await compareSides(perTenant, { ...ctx, log }, { model: ours, label: `${expected.label} (schema ${template})` }, { model: theirs, appRole: actual.appRole, label: tenant }, connect, begun);
      drift.push(...result.findings.slice(0, Number(result.stats?.drift ?? 0))), log.info(result.summary ?? ""), outcomes.push({ target: { name: tenant, target: live, where: tenant }, result });
    } catch (error) {
      outcomes.push({ target: { name: tenant, target: live, where: tenant }, error });
    }
  }
  return inputs["fix-sql"] && (writeFileAtomic(inputs["fix-sql"], fixScript(drift), "fix-sql"), ctx.log.info(`fix script with ${drift.filter((f) => f.fix).length} statements for ${new Set(outcomes.filter((o) => o.result?.findings.length).map((o) => o.target.name)).size} tenant schemas written to ${inputs["fix-sql"]}`)), fleetReport(outcomes, { expected: `${expected.label} (schema ${template})`, parallel: 1, started, noun: "tenant schema" });
}
async function readTenants(connect, pattern, appRole, ignorePrivileges) {
  let client = await connect();
  try {
    return { model: await introspect(client, { schemasLike: pattern, ignorePrivileges }), appRole: appRole !== void 0 ? await readAppRole(client, appRole) : void 0, label: "live" };
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function schemaNames(connect) {
  let client = await connect();
  try {
    let { rows } = await client.query(
      "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp)' ORDER BY nspname LIMIT 21"
    ), names = rows.map((r) => r.nspname);
    return names.length > 20 ? [...names.slice(0, 20), "..."] : names;
  } catch {
    return [];
  } finally {
    await client.end().catch(() => {
    });
  }
}
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export {
  verifyTenantSchemas
};
