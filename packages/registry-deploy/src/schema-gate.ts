/**
 * Schema before image: with --database-url and --migrations, schema-verify (through its public
 * definition, as migrate-direct's --verify-schema does) compares the live database with what the
 * image's migrations define, before the tag moves. A database behind the image blocks the
 * promotion: this stops the sequence where migrations ran from the old container before the new
 * image was pulled.
 */
import { parseInputs, type CheckContext, type Finding } from '@preflight/core';
import type { RegistryDeployInputs } from './definition.ts';

export async function schemaGate(inputs: RegistryDeployInputs, ctx: CheckContext, image: string, revision: string | undefined): Promise<Finding[]> {
  const { schemaVerify, schemaVerifyOptions } = await import('@preflight/schema-verify/definition');
  const raw = { 'database-url': inputs['database-url'], migrations: inputs.migrations, 'shadow-url': inputs['shadow-url'] };
  const svInputs = parseInputs(schemaVerifyOptions, raw, ctx.source, {});
  const result = await ctx.log.group('Checking the live schema before moving the tag (schema-verify)', () => schemaVerify.run(svInputs, ctx));
  const blocking = result.findings.filter((f) => f.severity === 'error');
  if (blocking.length === 0) return result.findings;
  const commit = revision ? ` (built from ${revision.slice(0, 12)}, org.opencontainers.image.revision)` : '';
  return [
    ...result.findings,
    {
      rule: 'schema-behind',
      severity: 'error',
      object: image,
      message: `Refusing to promote ${image}${commit}: the live database is not what its migrations define (${blocking.length} blocking difference${blocking.length === 1 ? '' : 's'}, first: ${blocking[0].message})`,
      fix: 'Run the migrations (preflight migrate-direct) against the database, then promote again.',
    },
  ];
}
