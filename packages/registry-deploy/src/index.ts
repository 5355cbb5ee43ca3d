export { registryDeploy, registryDeployOptions, type RegistryDeployInputs } from './definition.ts';
export { registryDeployRules } from './rules.ts';
export { parseReference, formatReference, type ImageReference } from './reference.ts';
