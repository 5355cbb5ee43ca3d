/**
 * Rewrite rules (CREATE RULE) on tables and views: an ON DELETE DO INSTEAD NOTHING rule silently
 * turns every DELETE into a no-op, so a missing or extra one changes what statements do.
 */
import { compareText, memberKey, type RuleDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, normalizeSql, quoteIdent, statement } from './sql.ts';

const states = { O: 'ENABLE', D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' } as const;
const words = { O: 'enabled', D: 'disabled', R: 'enabled for replicas only', A: 'enabled always' } as const;

function enableRuleSql(relSql: string, rule: RuleDef): string {
  return `ALTER TABLE ${relSql} ${states[rule.enabled]} RULE ${quoteIdent(rule.name)};`;
}

/** CREATE RULE, its state and its comment, as the expected schema has them. */
export function ruleStatements(relSql: string, rules: Record<string, RuleDef> | undefined): string[] {
  const out: string[] = [];
  for (const name of Object.keys(rules ?? {}).sort(compareText)) {
    const rule = rules![name];
    out.push(statement(rule.definition));
    if (rule.enabled !== 'O') out.push(enableRuleSql(relSql, rule));
    if (rule.comment !== undefined) out.push(comment(`RULE ${quoteIdent(name)} ON ${relSql}`, rule.comment));
  }
  return out;
}

export function diffRules(ctx: DiffContext, key: string, relSql: string, exp: Record<string, RuleDef> = {}, act: Record<string, RuleDef> = {}): void {
  for (const name of sortedKeys(exp, act)) {
    const e = exp[name];
    const a = act[name];
    const object = memberKey(key, name);
    const drop = `DROP RULE IF EXISTS ${quoteIdent(name)} ON ${relSql};`;
    if (e && !a) {
      problem(ctx, 'missing-rule', object, `Rule ${object} is missing in the live database (${e.definition}).`, ruleStatements(relSql, { [name]: e }));
    } else if (!e && a) {
      extra(ctx, 'extra-rule', object, `Rule ${object} exists in the live database but not in the expected schema (${a.definition}).`, drop);
    } else if (normalizeSql(e.definition) !== normalizeSql(a.definition)) {
      // CREATE OR REPLACE RULE keeps the rule's state and comment; both are re-applied anyway.
      problem(ctx, 'rule-definition-mismatch', object, `Rule ${object} is defined differently in the live database (${a.definition}) than in the expected schema (${e.definition}).`,
        [drop, ...ruleStatements(relSql, { [name]: e })]);
    } else {
      if (e.enabled !== a.enabled) {
        problem(ctx, 'rule-definition-mismatch', object, `Rule ${object} is ${words[a.enabled]} in the live database but ${words[e.enabled]} in the expected schema.`, enableRuleSql(relSql, e));
      }
      diffComment(ctx, object, `rule ${object}`, `RULE ${quoteIdent(name)} ON ${relSql}`, e.comment, a.comment);
    }
  }
}
