/**
 * Event triggers: database-wide hooks on DDL (audit logs, blocking DROP in production, Supabase's
 * and PostGraphile's schema watchers). A missing or disabled one silently stops whatever it guarded.
 */
import type { EventTriggerDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, quoteIdent, quoteLiteral } from './sql.ts';

const enabledSql: Record<EventTriggerDef['enabled'], string> = { O: 'ENABLE', D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };
const enabledWords: Record<EventTriggerDef['enabled'], string> = { O: 'enabled', D: 'disabled', R: 'enabled for replicas only', A: 'enabled always' };

function describe(t: EventTriggerDef): string {
  return `ON ${t.event}${t.tags ? ` WHEN TAG IN (${t.tags.map(quoteLiteral).join(', ')})` : ''} EXECUTE FUNCTION ${t.function}()`;
}

function createStatements(t: EventTriggerDef): string[] {
  const name = quoteIdent(t.name);
  const out = [`CREATE EVENT TRIGGER ${name} ${describe(t)};`];
  if (t.enabled !== 'O') out.push(`ALTER EVENT TRIGGER ${name} ${enabledSql[t.enabled]};`);
  if (t.comment !== undefined) out.push(comment(`EVENT TRIGGER ${name}`, t.comment));
  return out;
}

export function diffEventTriggers(ctx: DiffContext): void {
  const expected = ctx.expected.eventTriggers ?? {};
  const actual = ctx.actual.eventTriggers ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = quoteIdent(key);
    const drop = `DROP EVENT TRIGGER IF EXISTS ${name};`;
    if (e && !a) {
      problem(ctx, 'missing-event-trigger', key, `Event trigger ${key} (${describe(e)}) is missing in the live database.`, createStatements(e));
    } else if (!e && a) {
      extra(ctx, 'extra-event-trigger', key, `Event trigger ${key} (${describe(a)}) exists in the live database but not in the expected schema.`, drop);
    } else if (describe(e) !== describe(a)) {
      problem(ctx, 'event-trigger-mismatch', key, `Event trigger ${key} is ${describe(a)} in the live database but ${describe(e)} in the expected schema.`,
        [drop, ...createStatements(e)]);
    } else {
      if (e.enabled !== a.enabled) {
        problem(ctx, 'event-trigger-mismatch', key, `Event trigger ${key} is ${enabledWords[a.enabled]} in the live database but ${enabledWords[e.enabled]} in the expected schema.`,
          `ALTER EVENT TRIGGER ${name} ${enabledSql[e.enabled]};`);
      }
      diffComment(ctx, key, `event trigger ${key}`, `EVENT TRIGGER ${name}`, e.comment, a.comment);
    }
  }
}
