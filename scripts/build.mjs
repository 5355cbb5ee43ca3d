// Bundles every action entry point and the CLI with esbuild into dist/.
// Output is reproducible: no timestamps, sorted entry points, stable chunk names, no source paths
// outside the repo. Heavy dependencies are reached through dynamic import() so they land in
// separate chunks and stay off an action's start-up path.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (process.argv.includes('--if-missing') && existsSync(join(root, 'dist/cli/index.js'))) process.exit(0);

const entryPoints = { 'cli/index': 'packages/cli/src/main.ts' };
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
  ],
  // Bundled CommonJS dependencies (pg) call require() for Node built-ins.
  banner: { js: "import { createRequire as __preflightRequire } from 'node:module'; const require = __preflightRequire(import.meta.url);" },
});
