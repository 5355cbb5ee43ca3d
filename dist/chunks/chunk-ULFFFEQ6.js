import { createRequire as __preflightRequire } from 'node:module'; import { dirname as __preflightDirname } from 'node:path'; import { fileURLToPath as __preflightFileURLToPath } from 'node:url'; const require = __preflightRequire(import.meta.url); const __filename = __preflightFileURLToPath(import.meta.url); const __dirname = __preflightDirname(__filename);

// packages/secrets-lint/src/glob.ts
function globToRegExp(glob) {
  let g = glob.trim().replace(/\\/g, "/").replace(/^\.\//, "");
  g.endsWith("/") && (g += "**");
  let re = "";
  for (let i = 0; i < g.length; i++) {
    let c = g[i];
    if (c === "*")
      if (g[i + 1] === "*") {
        let slash = g[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*", i += slash ? 2 : 1;
      } else re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "{") {
      let end = g.indexOf("}", i);
      end < 0 ? re += "\\{" : (re += `(?:${g.slice(i + 1, end).split(",").map(escape).join("|")})`, i = end);
    } else re += escape(c);
  }
  let anchored = g.includes("/") ? `^${re}` : `^(?:.*/)?${re}`;
  return new RegExp(`${anchored}(?:/.*)?$`);
}
function escape(s) {
  return s.replace(/[.+^$()|[\]\\]/g, "\\$&");
}
function excluder(globs) {
  let res = globs.map(globToRegExp);
  return (path) => res.some((r) => r.test(path));
}

export {
  globToRegExp,
  excluder
};
