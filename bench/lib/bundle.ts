/**
 * Size of a bundle as Node loads it at start-up: the entry file plus every file it statically
 * imports by a relative path (`import ... from "../chunks/x.js"`, `import "./x.js"`,
 * `export ... from "./x.js"`), recursively. Dynamic `import("...")` is not followed: those chunks
 * load only when the code path needs them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const STATIC_IMPORT = /(?:^|[\n;])\s*(?:import|export)(?=[\s{*"'])(?:[^"';]*?\bfrom)?\s*["'](\.{1,2}\/[^"']+)["']/g;

export function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(STATIC_IMPORT)) out.push(resolve(dirname(file), m[1]));
  return out;
}

export interface BundleSize {
  name: string;
  entry: string;
  files: { path: string; bytes: number }[];
  bytes: number;
}

export function bundleSize(entry: string, root: string): BundleSize {
  const seen = new Set<string>();
  const stack = [resolve(entry)];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  const files = [...seen].map((p) => ({ path: relative(root, p), bytes: statSync(p).size })).sort((a, b) => b.bytes - a.bytes);
  return { name: relative(join(root, 'dist'), dirname(entry)), entry: relative(root, entry), files, bytes: files.reduce((s, f) => s + f.bytes, 0) };
}

/** dist/<name>/index.js for every bundle directory (not dist/chunks). */
export function bundleEntries(root: string): string[] {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return [];
  return readdirSync(dist)
    .filter((d) => d !== 'chunks' && existsSync(join(dist, d, 'index.js')))
    .sort()
    .map((d) => join(dist, d, 'index.js'));
}
