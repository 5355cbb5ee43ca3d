/**
 * Everything the CLI runs before `preflight registry-deploy`'s first request, in one module.
 * scripts/build.mjs bundles the CLI on its own and makes every lazily loaded part import this
 * module, so esbuild puts all of it in one chunk: a promotion loads two files instead of ten
 * (each ES module file costs node ~2 ms of start-up, and the promotion's budget is skopeo's time).
 * Nothing here runs at import: the CLI starts in main.ts.
 */
export { checkLoaders } from './check-loaders.ts';
export { runCli } from './run-cli.ts';
// The promotion itself (loaded with import() by the definition; here so it is in the same chunk).
export { runRegistryDeploy } from '@preflight/registry-deploy/run';
export { registryDeploy } from '@preflight/registry-deploy/definition';
