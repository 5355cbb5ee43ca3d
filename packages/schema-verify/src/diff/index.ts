/**
 * diffSchemas: compares an expected SchemaModel (from migrations, a snapshot, a shadow database)
 * with the live one and returns findings whose `fix` SQL makes live match expected.
 *
 * Order of the returned findings follows the object kinds (schemas first, grants last); fixScript
 * re-orders statements by dependency anyway, so callers may sort findings for display freely.
 */
import type { Finding } from '@preflight/core';
import { unquotedKey, type SchemaModel } from '../model.ts';
import type { DiffContext } from './context.ts';
import { diffExtensions, diffFunctions, diffSchemaObjects, diffSequences, diffTypes } from './objects.ts';
import { diffEventTriggers } from './event-triggers.ts';
import { diffForeignDataWrappers, diffForeignServers, diffForeignTables, diffUserMappings } from './foreign.ts';
import { diffDefaultPrivileges } from './privileges.ts';
import { diffPublications } from './publications.ts';
import { diffSecurityLabels } from './security-labels.ts';
import { diffStatistics } from './statistics.ts';
import { diffIndexes, diffTables } from './tables.ts';
import { diffTextSearch } from './text-search.ts';
import { diffViews } from './views.ts';
import { diffRangeTypes } from './ranges.ts';
import { diffCasts } from './casts.ts';
import { diffCollations } from './collations.ts';
import { diffOperators } from './operators.ts';
import { diffOperatorFamilies } from './operator-families.ts';
import { diffOperatorClasses } from './operator-classes.ts';

export interface DiffOptions {
  /** Objects present only in the live database are errors instead of warnings. */
  strict?: boolean;
  /** Do not compare grants and default privileges. */
  ignorePrivileges?: boolean;
  /** Globs over a finding's `object` (`*` any run of characters, `?` one): `public.tmp_*`, `audit.*`. */
  ignore?: string[];
}

export function diffSchemas(expected: SchemaModel, actual: SchemaModel, opts: DiffOptions = {}): Finding[] {
  const ctx: DiffContext = {
    expected,
    actual,
    strict: opts.strict === true,
    // A model read with ignorePrivileges carries none; comparing it would report every grant.
    ignorePrivileges: opts.ignorePrivileges === true || !hasPrivileges(expected) || !hasPrivileges(actual),
    findings: [],
  };
  diffSchemaObjects(ctx);
  diffExtensions(ctx);
  diffTypes(ctx);
  diffSequences(ctx);
  diffTables(ctx);
  diffFunctions(ctx);
  diffIndexes(ctx);
  diffViews(ctx);
  diffDefaultPrivileges(ctx);
  diffPublications(ctx);
  diffStatistics(ctx);
  diffCollations(ctx);
  diffRangeTypes(ctx);
  diffCasts(ctx);
  diffOperators(ctx);
  diffOperatorFamilies(ctx);
  diffOperatorClasses(ctx);
  diffForeignDataWrappers(ctx);
  diffForeignServers(ctx);
  diffUserMappings(ctx);
  diffForeignTables(ctx);
  diffTextSearch(ctx);
  diffEventTriggers(ctx);
  diffSecurityLabels(ctx);
  const ignored = compileGlobs(opts.ignore ?? []);
  // A pattern written before names with dots were quoted in objects (`a.b.*`) still matches them.
  return ignored ? ctx.findings.filter((f) => !ignored.test(f.object) && !ignored.test(unquotedKey(f.object))) : ctx.findings;
}

function hasPrivileges(model: SchemaModel): boolean {
  const schemas = Object.values(model.schemas);
  return schemas.length === 0 || schemas.some((s) => s.privileges !== undefined);
}

/** One anchored regex for all globs; `*` also crosses dots so `audit.*` covers columns too. */
export function compileGlobs(globs: string[]): RegExp | undefined {
  const parts = globs.filter((g) => g.length > 0).map((g) =>
    g.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join(''));
  return parts.length ? new RegExp(`^(?:${parts.join('|')})$`, 's') : undefined;
}
