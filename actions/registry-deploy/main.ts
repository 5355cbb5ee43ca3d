import { runAction } from '@preflight/core/action';
import { registryDeploy } from '@preflight/registry-deploy/definition';

await runAction(registryDeploy);
