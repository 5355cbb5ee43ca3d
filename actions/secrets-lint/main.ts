import { runAction } from '@preflight/core/action';
import { secretsLint } from '@preflight/secrets-lint/definition';

await runAction(secretsLint);
