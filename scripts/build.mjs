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
const entryPoints = { 'cli/index': 'packages/cli/src/main.ts', 'gate/index': 'packages/cli/src/gate-action.ts' };
for (const name of readdirSync(join(root, 'actions')).sort()) {
  if (existsSync(join(root, 'actions', name, 'main.ts'))) entryPoints[`${name}/index`] = `actions/${name}/main.ts`;
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints,
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
});
copyFileSync(join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'), join(root, 'dist/chunks/libpg-query.wasm'));
