import { runAction } from '@preflight/core/action';
import { schemaVerify } from '@preflight/schema-verify/definition';

await runAction(schemaVerify);
