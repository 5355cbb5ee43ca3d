/**
 * Text search parsers, templates, dictionaries and configurations. A configuration that maps a
 * token type to other dictionaries (or none) indexes and matches other words: full-text search
 * returns other rows, and nothing errors.
 */
import { compareText, type TextSearchConfigurationDef, type TextSearchDictionaryDef, type TextSearchParserDef, type TextSearchTemplateDef } from '../model.ts';
import { extra, problem, sortedKeys, type DiffContext } from './context.ts';
import { diffComment } from './privileges.ts';
import { comment, keyToSql, quoteIdent } from './sql.ts';

function parserSql(key: string, p: TextSearchParserDef): string {
  return `CREATE TEXT SEARCH PARSER ${keyToSql(key)} (START = ${p.start}, GETTOKEN = ${p.token}, END = ${p.end}, LEXTYPES = ${p.lextypes}${p.headline ? `, HEADLINE = ${p.headline}` : ''});`;
}

function templateSql(key: string, t: TextSearchTemplateDef): string {
  return `CREATE TEXT SEARCH TEMPLATE ${keyToSql(key)} (${t.init ? `INIT = ${t.init}, ` : ''}LEXIZE = ${t.lexize});`;
}

function dictionarySql(key: string, d: TextSearchDictionaryDef): string {
  return `CREATE TEXT SEARCH DICTIONARY ${keyToSql(key)} (TEMPLATE = ${keyToSql(d.template)}${d.options.map((o) => `, ${o}`).join('')});`;
}

function mappingSql(name: string, verb: 'ADD' | 'ALTER', token: string, dictionaries: string[]): string {
  return `ALTER TEXT SEARCH CONFIGURATION ${name} ${verb} MAPPING FOR ${quoteIdent(token)} WITH ${dictionaries.map(keyToSql).join(', ')};`;
}

function configurationStatements(key: string, c: TextSearchConfigurationDef): string[] {
  const name = keyToSql(key);
  const out = [`CREATE TEXT SEARCH CONFIGURATION ${name} (PARSER = ${keyToSql(c.parser)});`];
  for (const token of Object.keys(c.mappings).sort(compareText)) out.push(mappingSql(name, 'ADD', token, c.mappings[token]));
  if (c.comment !== undefined) out.push(comment(`TEXT SEARCH CONFIGURATION ${name}`, c.comment));
  return out;
}

/** Parsers and templates: made of C functions, with nothing that can be altered. */
function diffSupportObjects<T extends { comment?: string }>(
  ctx: DiffContext, kind: 'parser' | 'template', expected: Record<string, T>, actual: Record<string, T>,
  createSql: (key: string, def: T) => string, describe: (def: T) => string,
): void {
  const word = `TEXT SEARCH ${kind.toUpperCase()}`;
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    if (e && !a) {
      const fix = [createSql(key, e)];
      if (e.comment !== undefined) fix.push(comment(`${word} ${keyToSql(key)}`, e.comment));
      problem(ctx, `missing-text-search-${kind}`, key, `Text search ${kind} ${key} is missing in the live database.`, fix);
    } else if (!e && a) {
      extra(ctx, `extra-text-search-${kind}`, key, `Text search ${kind} ${key} exists in the live database but not in the expected schema.`, `DROP ${word} IF EXISTS ${keyToSql(key)};`);
    } else if (describe(e) !== describe(a)) {
      // Re-creating it means re-creating what uses it (configurations or dictionaries, and the
      // indexes and columns that name those): a plan only the user can make.
      problem(ctx, `text-search-${kind}-mismatch`, key,
        `Text search ${kind} ${key} is (${describe(a)}) in the live database but (${describe(e)}) in the expected schema. A ${kind} cannot be altered: fix it by hand by dropping it with what uses it (DROP ${word} ${keyToSql(key)} CASCADE) and creating them again (${createSql(key, e)} ...).`);
    } else {
      diffComment(ctx, key, `text search ${kind} ${key}`, `${word} ${keyToSql(key)}`, e.comment, a.comment);
    }
  }
}

export function diffTextSearch(ctx: DiffContext): void {
  diffSupportObjects(ctx, 'parser', ctx.expected.textSearchParsers ?? {}, ctx.actual.textSearchParsers ?? {}, parserSql,
    (p) => `START = ${p.start}, GETTOKEN = ${p.token}, END = ${p.end}, LEXTYPES = ${p.lextypes}, HEADLINE = ${p.headline ?? 'none'}`);
  diffSupportObjects(ctx, 'template', ctx.expected.textSearchTemplates ?? {}, ctx.actual.textSearchTemplates ?? {}, templateSql,
    (t) => `INIT = ${t.init ?? 'none'}, LEXIZE = ${t.lexize}`);
  diffDictionaries(ctx);
  diffConfigurations(ctx);
}

function diffDictionaries(ctx: DiffContext): void {
  const expected = ctx.expected.textSearchDictionaries ?? {};
  const actual = ctx.actual.textSearchDictionaries ?? {};
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = keyToSql(key);
    if (e && !a) {
      const fix = [dictionarySql(key, e)];
      if (e.comment !== undefined) fix.push(comment(`TEXT SEARCH DICTIONARY ${name}`, e.comment));
      problem(ctx, 'missing-text-search-dictionary', key, `Text search dictionary ${key} (template ${e.template}) is missing in the live database.`, fix);
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-text-search-dictionary', key, `Text search dictionary ${key} exists in the live database but not in the expected schema.`, `DROP TEXT SEARCH DICTIONARY IF EXISTS ${name};`);
      continue;
    }
    if (e.template !== a.template) {
      problem(ctx, 'text-search-dictionary-mismatch', key,
        `Text search dictionary ${key} uses template ${a.template} in the live database but ${e.template} in the expected schema. The template cannot be altered: fix it by hand by dropping the dictionary with the configurations that use it (DROP TEXT SEARCH DICTIONARY ${name} CASCADE) and creating them again (${dictionarySql(key, e)} ...).`);
      continue;
    }
    if (e.options.join('\n') !== a.options.join('\n')) {
      // ALTER takes the options to change; one given without a value goes back to its default.
      const names = (list: string[]) => new Map(list.map((o) => [o.slice(0, o.indexOf(' = ')), o]));
      const want = names(e.options);
      const set = [...e.options.filter((o) => !a.options.includes(o)), ...[...names(a.options).keys()].filter((n) => !want.has(n))];
      problem(ctx, 'text-search-dictionary-mismatch', key,
        `Text search dictionary ${key} has options (${a.options.join(', ')}) in the live database but (${e.options.join(', ')}) in the expected schema.`,
        `ALTER TEXT SEARCH DICTIONARY ${name} (${set.join(', ')});`);
    }
    diffComment(ctx, key, `text search dictionary ${key}`, `TEXT SEARCH DICTIONARY ${name}`, e.comment, a.comment);
  }
}

function diffConfigurations(ctx: DiffContext): void {
  const expected = ctx.expected.textSearchConfigurations ?? {};
  const actual = ctx.actual.textSearchConfigurations ?? {};
  const show = (d: string[] | undefined) => (d ? d.join(', ') : 'nothing');
  for (const key of sortedKeys(expected, actual)) {
    const e = expected[key];
    const a = actual[key];
    const name = keyToSql(key);
    if (e && !a) {
      problem(ctx, 'missing-text-search-configuration', key, `Text search configuration ${key} (parser ${e.parser}) is missing in the live database.`, configurationStatements(key, e));
      continue;
    }
    if (!e && a) {
      extra(ctx, 'extra-text-search-configuration', key, `Text search configuration ${key} exists in the live database but not in the expected schema.`, `DROP TEXT SEARCH CONFIGURATION IF EXISTS ${name};`);
      continue;
    }
    if (e.parser !== a.parser) {
      problem(ctx, 'text-search-configuration-mismatch', key,
        `Text search configuration ${key} uses parser ${a.parser} in the live database but ${e.parser} in the expected schema. The parser cannot be altered: fix it by hand by dropping the configuration with what uses it (DROP TEXT SEARCH CONFIGURATION ${name} CASCADE) and creating them again (${configurationStatements(key, e)[0]} ...).`);
      continue;
    }
    const what: string[] = [];
    const fix: string[] = [];
    for (const token of sortedKeys(e.mappings, a.mappings)) {
      const want = e.mappings[token];
      const have = a.mappings[token];
      if (show(want) === show(have)) continue;
      what.push(`${token} maps to ${show(have)} instead of ${show(want)}`);
      if (!want) fix.push(`ALTER TEXT SEARCH CONFIGURATION ${name} DROP MAPPING IF EXISTS FOR ${quoteIdent(token)};`);
      else fix.push(mappingSql(name, have ? 'ALTER' : 'ADD', token, want));
    }
    if (what.length) problem(ctx, 'text-search-configuration-mismatch', key, `Text search configuration ${key} differs in the live database: ${what.join('; ')}.`, fix);
    diffComment(ctx, key, `text search configuration ${key}`, `TEXT SEARCH CONFIGURATION ${name}`, e.comment, a.comment);
  }
}
