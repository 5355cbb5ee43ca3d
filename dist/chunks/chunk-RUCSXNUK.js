import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);
import {
  pinImage
} from "./chunk-5TU5OGOM.js";
import {
  require_dist
} from "./chunk-JLYKL5C3.js";
import {
  dockerHub,
  parseReference
} from "./chunk-VCBPSRQV.js";
import {
  UsageError,
  writeUnmaskedFileAtomic
} from "./chunk-KNCBXDSL.js";
import {
  __toESM
} from "./chunk-NRNS3NRG.js";

// packages/registry-deploy/src/pin/pin.ts
import { existsSync, readFileSync } from "node:fs";

// packages/registry-deploy/src/pin/yaml-edit.ts
var import_yaml = __toESM(require_dist(), 1);
function parseYamlFile(path, text, input) {
  let lines = new import_yaml.LineCounter(), tokens = [...new import_yaml.Parser(lines.addNewLine).parse(text)], docs = [...new import_yaml.Composer({ keepSourceTokens: !0 }).compose(tokens)];
  for (let doc of docs) {
    let error = doc.errors[0];
    if (error) {
      let { line } = lines.linePos(error.pos[0]);
      throw new UsageError(`${input} ${path}:${line} is not valid YAML (${error.message.split(`
`)[0]}); fix the file.`);
    }
  }
  return { path, text, tokens, docs, lines };
}
function lineOf(file, node) {
  return file.lines.linePos(node.range?.[0] ?? 0).line;
}
function setScalar(node, value) {
  let token = node.srcToken;
  if (!token) throw new Error("scalar without a source token");
  import_yaml.CST.setScalarValue(token, value);
}
function addMapItem(map, key, value) {
  let token = map.srcToken;
  if (!token || token.type !== "block-map" || token.items.length === 0) return !1;
  let last = token.items[token.items.length - 1];
  if (!last.key || !last.sep || !last.value || !import_yaml.CST.isScalar(last.value)) return !1;
  let indent = token.indent, end = "end" in last.value && last.value.end ? last.value.end.filter((t) => t.type === "newline") : [], item = {
    start: last.start.map((t) => ({ ...t })),
    key: import_yaml.CST.createScalarToken(key, { indent, implicitKey: !0, end: [] }),
    sep: last.sep.map((t) => ({ ...t })),
    value: import_yaml.CST.createScalarToken(value, { indent, end: end.length ? end.map((t) => ({ ...t })) : [{ type: "newline", offset: 0, indent, source: `
` }] })
  };
  return "end" in last.value && last.value.end && !last.value.end.some((t) => t.type === "newline") && last.value.end.push({ type: "newline", offset: 0, indent, source: `
` }), token.items.push(item), !0;
}
function serialize(file) {
  return file.tokens.map((t) => import_yaml.CST.stringify(t)).join("");
}

// packages/registry-deploy/src/pin/pin.ts
function pinnedImage(targetText, digest) {
  return `${targetText.trim().replace(/@sha256:[a-f0-9]{64}$/, "")}@${digest}`;
}
function read(path, input) {
  if (!existsSync(path)) throw new UsageError(`${input} ${path} does not exist; give the path of the file to pin.`);
  return readFileSync(path, "utf8");
}
function planPins(opts) {
  let plan = { files: [] };
  if (opts.composeFile) {
    let file = parseYamlFile(opts.composeFile, read(opts.composeFile, "--compose-file"), "--compose-file"), find = composeFinder(opts.service);
    try {
      pinImage(file.text, opts.service, `${repoText(opts.target)}@sha256:${"0".repeat(64)}`, opts.composeFile);
    } catch (error) {
      if (!(error instanceof UsageError) || !/has no service|no mapping/.test(error.message)) throw error;
    }
    let sites = find(file);
    plan.files.push({ file, sites, find, input: "--compose-file", compose: opts.service });
  }
  for (let path of opts.pin) {
    let file = parseYamlFile(path, read(path, "--pin"), "--pin"), find = kubernetesFinder(opts.target), sites = find(file);
    if (sites.length === 0)
      throw new UsageError(`--pin ${path} has no container image or kustomization images: entry of ${repoText(opts.target)}; point --pin at the file that deploys it.`);
    plan.files.push({ file, sites, find, input: "--pin" });
  }
  return plan;
}
function applyPins(plan, pinned, digest) {
  let findings = [];
  for (let { file, sites, find, input, compose } of plan.files) {
    if (compose !== void 0) writeAtomic(file.path, pinImage(file.text, compose, pinned, file.path));
    else {
      let fresh = parseYamlFile(file.path, file.text, input);
      for (let site of find(fresh)) site.apply(pinned, digest);
      writeAtomic(file.path, serialize(fresh));
    }
    findings.push({
      rule: "file-pinned",
      severity: "notice",
      object: `${file.path}:${sites[0].where}`,
      file: file.path,
      line: sites[0].line,
      message: `${sites.map((s) => s.where).join(", ")} now ${sites.length === 1 ? "is" : "are"} ${pinned}.`
    });
  }
  return findings;
}
function composeFinder(service) {
  return (f) => {
    let services = f.docs[0]?.get("services", !0);
    if (!services || !(0, import_yaml.isMap)(services)) throw new UsageError(`--compose-file ${f.path} has no services: map; give the compose file that defines ${service}.`);
    let svc = services.get(service, !0);
    if (!svc || !(0, import_yaml.isMap)(svc)) {
      let names = services.items.map((i) => String((0, import_yaml.isScalar)(i.key) ? i.key.value : i.key)).slice(0, 10);
      throw new UsageError(`--service ${service} is not a service of ${f.path} (services: ${names.join(", ")}); name the one that runs the image.`);
    }
    let image = svc.get("image", !0);
    if (!image || !(0, import_yaml.isScalar)(image))
      throw new UsageError(`Service ${service} in ${f.path} has no image: to pin (it only builds?); add image: with the target repository.`);
    return [{ where: `services.${service}.image`, line: lineOf(f, image), apply: (pinned) => setScalar(image, pinned) }];
  };
}
function repoKey(ref) {
  return ref.kind === "oci" ? `oci:${ref.dir}` : `${ref.host === dockerHub ? dockerHub : ref.host}/${ref.repository}`;
}
function repoText(ref) {
  return repoKey(ref);
}
function sameRepository(image, target) {
  if (typeof image != "string") return !1;
  try {
    return repoKey(parseReference(image, "image")) === repoKey(target);
  } catch {
    return !1;
  }
}
var containerKeys = ["containers", "initContainers", "ephemeralContainers"];
function kubernetesFinder(target) {
  return (f) => {
    let sites = [];
    return f.docs.forEach((doc, d) => {
      let prefix = f.docs.length > 1 ? `doc${d + 1}.` : "";
      if ((0, import_yaml.isMap)(doc.contents) && doc.contents.has("images") && /kustomization/i.test(String(doc.get("kind") ?? "Kustomization")) && !doc.has("spec")) {
        let images = doc.get("images", !0);
        images && (0, import_yaml.isSeq)(images) && images.items.forEach((item, i) => {
          if (!(0, import_yaml.isMap)(item)) return;
          let map = item, name = map.get("newName") ?? map.get("name");
          if (!sameRepository(name, target)) return;
          let line = lineOf(f, item);
          sites.push({
            where: `${prefix}images[${i}]`,
            line,
            apply: (_pinned, digest) => {
              let tag = target.tag, newTag = map.get("newTag", !0);
              newTag && (0, import_yaml.isScalar)(newTag) && tag && setScalar(newTag, tag);
              let current = map.get("digest", !0);
              if (current && (0, import_yaml.isScalar)(current)) setScalar(current, digest);
              else if (!addMapItem(map, "digest", digest)) throw new UsageError(`--pin ${f.path}:${line} images[${i}] is written in flow style; write it as a block map so digest: can be added.`);
            }
          });
        });
      }
      walk(doc.contents, "", (node, path) => {
        if ((0, import_yaml.isMap)(node))
          for (let key of containerKeys) {
            let list = node.get(key, !0);
            !list || !(0, import_yaml.isSeq)(list) || list.items.forEach((c, i) => {
              if (!(0, import_yaml.isMap)(c)) return;
              let image = c.get("image", !0);
              !image || !(0, import_yaml.isScalar)(image) || !sameRepository(image.value, target) || sites.push({ where: `${prefix}${path}${path ? "." : ""}${key}[${i}].image`, line: lineOf(f, image), apply: (pinned) => setScalar(image, pinned) });
            });
          }
      });
    }), sites.sort((a, b) => a.line - b.line);
  };
}
function walk(node, path, visit) {
  if (node)
    if (visit(node, path), (0, import_yaml.isMap)(node))
      for (let item of node.items) {
        let key = (0, import_yaml.isScalar)(item.key) ? String(item.key.value) : "?";
        walk(item.value, path ? `${path}.${key}` : key, visit);
      }
    else (0, import_yaml.isSeq)(node) && node.items.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
}
function writeAtomic(path, text) {
  writeUnmaskedFileAtomic(path, text, "pinned");
}

export {
  pinnedImage,
  planPins,
  applyPins
};
