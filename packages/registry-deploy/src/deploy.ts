/**
 * After the tag moved: pin files, run the deploy command, check health and what runs; when any of
 * that fails, move the tag back to the previous digest, re-pin the files and re-run the deploy
 * command (unless rollback is off). Commands run through the project's one runner (runCommand:
 * own process group, timeout, output redacted line by line).
 */
import { type CheckContext, type Finding } from '@preflight/core';
import { runCommand } from '@preflight/pg';
import type { RegistryDeployInputs } from './definition.ts';
import { parseHealthExpect } from './health-expect.ts';
import { checkHealth } from './health.ts';
import { readLedgerView } from './ledger-watch.ts';
import type { ImageIdentity } from './image-config.ts';
import type { ImageStore } from './oci/store.ts';
import { applyPins, pinnedImage, type PinPlan } from './pin/pin.ts';
import { formatReference, type ImageReference } from './reference.ts';

export interface DeployPlan {
  target: ImageReference;
  dst: ImageStore;
  release: ImageIdentity;
  /** The digest the target tag held before; undefined when it did not exist (or on --rollback-to). */
  previous: string | undefined;
  pins: PinPlan;
  findings: Finding[];
  /** The migration ledger before the promotion (with --database-url), to tell a rollback what moved. */
  ledgerBefore?: string;
}

export interface DeployOutcome {
  finalDigest: string;
  stats: Record<string, number | string | boolean>;
  summary?: string;
}

export async function deployAndVerify(inputs: RegistryDeployInputs, ctx: CheckContext, plan: DeployPlan): Promise<DeployOutcome> {
  const object = formatReference(plan.target);
  const stats: Record<string, number | string | boolean> = {};
  const release = plan.release;
  const failures = await rollOut(inputs, ctx, plan, release.digest, stats);
  if (failures.length === 0) {
    if (inputs['running-digest-command']) {
      const running = await runningDigest(inputs, ctx, release);
      if (running) failures.push(running);
    }
  }
  if (failures.length === 0) return { finalDigest: release.digest, stats };

  plan.findings.push(...failures);
  if (inputs['rollback-to'] !== undefined) return { finalDigest: release.digest, stats, summary: `rolled back to ${release.digest}, but ${failures[0].message}` };
  if (!inputs.rollback) {
    return { finalDigest: release.digest, stats, summary: `${object} is at ${release.digest} and unhealthy; not rolled back (--no-rollback)` };
  }
  if (!plan.previous) {
    plan.findings.push({
      rule: 'rollback-failed',
      severity: 'error',
      object,
      message: `No previous digest for ${object} to roll back to (the tag did not exist before this run); it stays at ${release.digest}.`,
      fix: 'Deploy a known good image by hand, or promote one and run with --rollback-to sha256:....',
    });
    return { finalDigest: release.digest, stats, summary: `${object} is unhealthy and had no previous digest to roll back to` };
  }
  return rollBack(inputs, ctx, plan, plan.previous, stats);
}

async function rollBack(inputs: RegistryDeployInputs, ctx: CheckContext, plan: DeployPlan, previous: string, stats: DeployOutcome['stats']): Promise<DeployOutcome> {
  const object = formatReference(plan.target);
  const tag = plan.target.tag!;
  return ctx.log.group(`Rolling back ${object} to ${previous}`, async () => {
    const manifest = await plan.dst.getManifest(previous);
    if (!manifest) {
      plan.findings.push({ rule: 'rollback-failed', severity: 'error', object, message: `${plan.dst.name} no longer has the previous manifest ${previous}; ${object} stays at ${plan.release.digest}.` });
      return { finalDigest: plan.release.digest, stats, summary: `${object} is unhealthy and could not be rolled back` };
    }
    await plan.dst.putManifest(tag, manifest);
    const after = await plan.dst.resolveDigest(tag);
    if (after !== previous) {
      plan.findings.push({ rule: 'rollback-failed', severity: 'error', object, message: `${object} resolves to ${after ?? 'nothing'} after moving it back, not ${previous}.` });
      return { finalDigest: after ?? plan.release.digest, stats, summary: `${object} could not be moved back` };
    }
    // Re-pin and re-deploy; health is not judged again (the previous release was the known state).
    // The files now say the previous digest: the findings about pinning the failed one go.
    for (let i = plan.findings.length - 1; i >= 0; i--) if (plan.findings[i].rule === 'file-pinned') plan.findings.splice(i, 1);
    const again = await rollOut(inputs, ctx, plan, previous, {}, { health: false });
    if (again.length > 0) {
      plan.findings.push({ rule: 'rollback-failed', severity: 'error', object, message: `${object} is back at ${previous}, but re-deploying it failed: ${again[0].message}` });
      return { finalDigest: previous, stats, summary: `${object} moved back to ${previous}; the re-deploy failed` };
    }
    const redeployed = inputs['deploy-command'] ? '; the deploy command ran again and exited 0' : '';
    const repinned = plan.pins.files.length ? '; files re-pinned' : '';
    plan.findings.push({
      rule: 'rolled-back',
      severity: 'notice',
      object,
      message: `${object} is back at ${previous} (the release ${plan.release.digest} failed)${repinned}${redeployed}.`,
      fix: 'Fix the release and promote again.',
    });
    stats.rolledBack = true;
    if (plan.ledgerBefore !== undefined && inputs['database-url']) {
      const now = await readLedgerView(inputs['database-url'], ctx.log);
      if (now !== undefined && now !== plan.ledgerBefore) {
        plan.findings.push({
          rule: 'rollback-schema-moved',
          severity: 'warning',
          object,
          message: `The migration ledger moved while ${plan.release.digest} was deployed (before: ${plan.ledgerBefore}; now: ${now}); the image was rolled back to ${previous}, the schema was not.`,
          fix: 'Check that the previous image runs on the newer schema, or restore the schema by hand.',
        });
      }
    }
    return { finalDigest: previous, stats, summary: `${object} failed its checks and was rolled back to ${previous}` };
  });
}

/** Pins, deploys and (unless told not to) checks health for `digest`; the findings that block. */
async function rollOut(inputs: RegistryDeployInputs, ctx: CheckContext, plan: DeployPlan, digest: string, stats: DeployOutcome['stats'], opts = { health: true }): Promise<Finding[]> {
  const object = formatReference(plan.target);
  const pinned = pinnedImage(inputs.target!, digest);
  if (plan.pins.files.length) {
    plan.findings.push(...applyPins(plan.pins, pinned, digest));
  }
  const env = { ...process.env, PREFLIGHT_IMAGE: pinned, PREFLIGHT_DIGEST: digest };
  const command = inputs['deploy-command'];
  if (command) {
    const result = await ctx.log.group(`Deploying ${pinned}`, () =>
      runCommand(command, env, { timeoutMs: inputs['deploy-timeout'], onLine: (line) => ctx.log.info(line) }),
    );
    if (result.code !== 0) {
      const how = result.timedOut ? `ran out of --deploy-timeout (${Math.round(inputs['deploy-timeout'] / 1000)}s)` : `exited with code ${result.code ?? result.signal}`;
      return [
        {
          rule: 'deploy-command-failed',
          severity: 'error',
          object,
          message: `The deploy command ${how}${result.tail.length ? `: ${result.tail.slice(-3).join(' / ')}` : ''}.`,
          fix: 'Read the command output in the log; fix the command or the host.',
        },
      ];
    }
  }
  if (!opts.health || (inputs['health-url'].length === 0 && !inputs['health-command'])) return [];
  const health = await ctx.log.group('Checking health', () =>
    checkHealth(
      { urls: inputs['health-url'], expects: inputs['health-expect'].map(parseHealthExpect), command: inputs['health-command'], timeoutMs: inputs['health-timeout'], env },
      ctx.log,
    ),
  );
  stats.healthAttempts = health.attempts;
  if (health.ok) return [];
  return [
    {
      rule: 'health-check-failed',
      severity: 'error',
      object,
      message: `${pinned} is unhealthy: ${health.failures.join('; ')}.`,
      fix: inputs.rollback ? 'Read the app logs; the release was rolled back to the previous digest when there was one.' : 'Read the app logs; roll back with --rollback-to previous.',
    },
  ];
}

/** The running-digest command must print one of the digests the promoted image is known by. */
async function runningDigest(inputs: RegistryDeployInputs, ctx: CheckContext, release: ImageIdentity): Promise<Finding | undefined> {
  const lines: string[] = [];
  const result = await runCommand(inputs['running-digest-command']!, process.env, {
    timeoutMs: inputs['deploy-timeout'],
    onLine: (line) => ctx.log.info(line),
    onStdout: (line) => lines.push(line),
  });
  const printed = lines.join('\n');
  const known = [...release.manifestDigests, ...release.configDigests];
  if (result.code === 0 && known.some((d) => printed.includes(d))) {
    ctx.log.info(`What runs is the promoted image (${known.find((d) => printed.includes(d))}).`);
    return undefined;
  }
  const seen = /sha256:[a-f0-9]{64}/.exec(printed)?.[0];
  return {
    rule: 'running-digest-mismatch',
    severity: 'error',
    object: 'running-digest-command',
    message:
      result.code !== 0
        ? `The running-digest command exited with code ${result.code ?? result.signal}, so what runs is unknown.`
        : `The running image is ${seen ?? `"${printed.trim().slice(0, 80)}"`}, not the promoted ${release.digest} (nor its platform manifests or config digests): the deploy kept the old image.`,
    fix: 'Deploy with docker compose pull && docker compose up -d --force-recreate --no-build (a restart keeps the old image).',
  };
}
