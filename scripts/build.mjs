// Bundles every action entry point and the CLI with esbuild into dist/.
// Output is reproducible: no timestamps, sorted entry points, stable chunk names, no source paths
// outside the repo. Heavy dependencies are reached through dynamic import() so they land in
// separate chunks and stay off an action's start-up path.
import { build } from 'esbuild';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (process.argv.includes('--if-missing') && existsSync(join(root, 'dist/cli/index.js'))) process.exit(0);

// The gate is the repository's own action (action.yml at the root runs dist/gate/index.js).
const entryPoints = { 'gate/index': 'packages/cli/src/gate-action.ts' };
for (const name of readdirSync(join(root, 'actions')).sort()) {
  if (existsSync(join(root, 'actions', name, 'main.ts'))) entryPoints[`${name}/index`] = `actions/${name}/main.ts`;
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
const common = {
  absWorkingDir: root,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['pg-native'],
  plugins: [
    {
      name: 'stub-oidc-http-client',
      setup(b) {
        b.onResolve({ filter: /^@actions\/http-client(\/|$)/ }, () => ({ path: join(root, 'scripts/stubs/actions-http-client.js') }));
      },
    },
    {
      // pg asks "are we on Cloudflare Workers?" by building a fetch Response, which loads Node's
      // internal undici: 35-50 ms of every start-up. Actions and the CLI only run on Node.
      name: 'pg-not-cloudflare',
      setup(b) {
        b.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          const patched = source.replace('function isCloudflareRuntime() {', 'function isCloudflareRuntime() {\n  return false;');
          if (patched === source) throw new Error('pg/lib/stream.js changed: update the pg-not-cloudflare build plugin');
          return { contents: patched, loader: 'js' };
        });
      },
    },
  ],
  // Bundled CommonJS dependencies (pg) call require() for Node built-ins.
  // __dirname: Emscripten's loader in libpg-query finds libpg-query.wasm next to its own script,
  // which after bundling is the chunk's directory (the .wasm is copied there below).
  banner: {
    js: [
      "import { createRequire as __preflightRequire } from 'node:module';",
      "import { dirname as __preflightDirname } from 'node:path';",
      "import { fileURLToPath as __preflightFileURLToPath } from 'node:url';",
      'const require = __preflightRequire(import.meta.url);',
      'const __filename = __preflightFileURLToPath(import.meta.url);',
      'const __dirname = __preflightDirname(__filename);',
    ].join(' '),
  },
};
await build({ ...common, entryPoints });
await buildCli();
copyFileSync(join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'), join(root, 'dist/chunks/libpg-query.wasm'));

/**
 * The CLI, bundled on its own (its chunks are not shared with the actions'), so that what
 * `preflight registry-deploy` runs before its first request is two files, not ten: every ES module
 * file costs node resolving, reading, compiling and linking it, and the promotion's budget is
 * skopeo's time. esbuild puts a module in the chunk of the set of entry points and import() targets
 * that reach it; so every first-party import() target is made to import packages/cli/src/cli-hub.ts,
 * which holds the CLI, core and the promotion: then all of that is reached by the same set and
 * lands in one chunk. Lazily loaded parts (YAML, pg, the command runner, schema-verify) stay in
 * chunks of their own. An analysis build (metafile only) finds the import() targets first.
 */
async function buildCli() {
  const hub = join(root, 'packages/cli/src/cli-hub.ts');
  // chunks/cli-*: the npm package ships the CLI's chunks only (package.json "files"), not the actions'.
  const options = { ...common, entryPoints: { 'cli/index': 'packages/cli/src/main.ts' }, chunkNames: 'chunks/cli-[name]-[hash]', minifyWhitespace: true };
  const { metafile } = await build({ ...options, write: false, metafile: true });
  const lazy = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports) if (i.kind === 'dynamic-import' && !i.external && i.path.startsWith('packages/')) lazy.add(join(root, i.path));
  }
  if (lazy.size === 0) throw new Error('build: the CLI has no import() targets (did the analysis build change?)');
  await build({
    ...options,
    plugins: [
      ...common.plugins,
      {
        name: 'lazy-parts-share-the-hub',
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (!lazy.has(args.path)) return undefined;
            // Last, so that it changes no evaluation order: main.ts imports the hub before anything
            // else, so when a target is reached the hub is already being evaluated or done.
            return { contents: `${await readFile(args.path, 'utf8')}\nimport ${JSON.stringify(hub)};\n`, loader: 'ts' };
          });
        },
      },
    ],
  });
}
