import { runAction } from '@preflight/core/action';
import { gate } from './gate.ts';

await runAction(gate);
