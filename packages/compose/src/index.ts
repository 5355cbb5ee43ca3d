// @preflight/compose: compose files, env files and interpolation the way `docker compose` (v2)
// reads them, with file/line/column for every value. A library for secrets-lint and
// registry-deploy; no check of its own and nothing from @actions/*.
export type { Located } from './located.ts';
export { ComposeSyntaxError } from './errors.ts';
export { interpolations, type Interpolation } from './interpolate.ts';
export { parseEnvFile, type EnvFileEntry } from './envfile.ts';
export { parseComposeFile, type ComposeEnvEntry, type ComposeEnvFileRef, type ComposeFileModel } from './parse.ts';
export { effectiveConfig, type EffectiveConfigOptions, type EffectiveEnvFile, type EffectiveProject, type EffectiveValue } from './effective.ts';
export { pinImage } from './pin.ts';
export { describeOrigin } from './explain.ts';
