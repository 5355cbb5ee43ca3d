import { runAction } from '@preflight/core/action';
import { migrateDirect } from '@preflight/migrate-direct/definition';

await runAction(migrateDirect);
