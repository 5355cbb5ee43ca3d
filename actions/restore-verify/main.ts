import { runAction } from '@preflight/core/action';
import { restoreVerify } from '@preflight/restore-verify/definition';

await runAction(restoreVerify);
