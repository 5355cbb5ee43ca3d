/** After the tag moved: pin files, run the deploy command, verify, roll back. (Filled in by later steps.) */
import type { CheckContext, Finding } from '@preflight/core';
import type { RegistryDeployInputs } from './definition.ts';
import type { ImageIdentity } from './image-config.ts';
import type { ImageStore } from './oci/store.ts';
import type { ImageReference } from './reference.ts';

export interface DeployPlan {
  target: ImageReference;
  dst: ImageStore;
  release: ImageIdentity;
  /** The digest the target tag held before; undefined when it did not exist (or on --rollback-to). */
  previous: string | undefined;
  findings: Finding[];
}

export interface DeployOutcome {
  finalDigest: string;
  stats: Record<string, number | string | boolean>;
  summary?: string;
}

export async function deployAndVerify(_inputs: RegistryDeployInputs, _ctx: CheckContext, plan: DeployPlan): Promise<DeployOutcome> {
  return { finalDigest: plan.release.digest, stats: {} };
}
