/** Every rule ID registry-deploy emits, with what docs/rules.md needs. */
import type { RuleDoc, Severity } from '@preflight/core';

const rule = (id: string, title: string, severity: Severity, description: string, example: string, fix: string): RuleDoc => ({ id, title, severity, description, example, fix });

export const registryDeployRules: readonly RuleDoc[] = [
  rule('image-promoted', 'Image promoted', 'notice', 'The target tag now points at the source digest (verified by reading it back).',
    'ghcr.io/acme/api:production now points at sha256:3f1c... (was sha256:9ab0...); 0 of 3 blobs streamed, 3 mounted.', 'Nothing to do.'),
  rule('digest-mismatch', 'Target digest differs from the source', 'error', 'After the push, the target tag resolves to another digest than the source: the registry rewrote the manifest, or someone pushed at the same time.',
    'ghcr.io/acme/api:production resolves to sha256:77aa... after the push, not sha256:3f1c....', 'Find who else pushes the tag; promote again.'),
  rule('file-pinned', 'File pinned to the digest', 'notice', 'An image reference in a compose file, Kubernetes manifest or kustomization was rewritten to repo:tag@sha256:....',
    'docker-compose.registry.yml:12 services.web.image is now ghcr.io/acme/api:production@sha256:3f1c....', 'Commit the pinned file.'),
  rule('nothing-to-pin', 'No image to pin', 'error', 'A --pin file has no image of the target repository, or the compose service has no image: key.',
    'k8s/deploy.yaml has no container image of ghcr.io/acme/api.', 'Point --pin at the file that deploys the image, or add the image.'),
  rule('deploy-command-failed', 'Deploy command failed', 'error', 'The --deploy-command exited non-zero or ran out of --deploy-timeout.',
    'The deploy command exited with code 1: ...', 'Read the command output in the log; fix the command or the host.'),
  rule('health-check-failed', 'Release unhealthy', 'error', 'A --health-url did not answer 2xx (and --health-expect) within --health-timeout, or --health-command did not exit 0.',
    'https://app.example/api/health/db answered 500 (json .db is "error", expected ok) for 60s.', 'Read the app logs; the release was rolled back unless --no-rollback.'),
  rule('running-digest-mismatch', 'Another image is running', 'error', 'After the deploy, --running-digest-command printed neither the promoted manifest digest, repo@sha256:... nor its config digest.',
    'The running image is sha256:9ab0..., not the promoted sha256:3f1c... (a restart that kept the old image).', 'Deploy with docker compose pull && docker compose up -d --force-recreate --no-build.'),
  rule('rolled-back', 'Rolled back', 'notice', 'The target tag was moved back to the previous digest, the files re-pinned and the deploy command re-run.',
    'ghcr.io/acme/api:production is back at sha256:9ab0...; files re-pinned; the deploy command ran again and exited 0.', 'Fix the release and promote again.'),
  rule('rollback-failed', 'Rollback failed', 'error', 'The rollback could not complete: no previous digest, the deploy command failed again, or the tag could not be moved.',
    'No previous digest for ghcr.io/acme/api:production to roll back to (the tag did not exist before).', 'Deploy a known good digest by hand with --rollback-to sha256:....'),
  rule('rollback-schema-moved', 'Rollback left migrations applied', 'warning', 'The release being rolled back applied migrations: the image is rolled back, the database schema is not.',
    'The ledger moved from 0002 to 0003 since sha256:9ab0... was promoted; the image was rolled back, the schema was not.', 'Check that the previous image runs on the newer schema, or restore by hand.'),
  rule('schema-behind', 'Database behind the image', 'error', 'schema-verify found the live database behind what the image expects (its migrations), so the tag was not moved.',
    'Refusing to promote: public.invoices.nit is missing in the live database (migrations at revision 1a2b3c).', 'Run the migrations (preflight migrate-direct) before promoting the image.'),
];
