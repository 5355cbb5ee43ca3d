export { secretsLint, secretsLintOptions, type SecretsLintInputs } from './definition.ts';
export { secretsRules } from './rules.ts';
