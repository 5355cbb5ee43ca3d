import { describe, expect, it } from 'vitest';
import { ComposeSyntaxError, interpolations } from './index.ts';
import { evaluate, parseTemplate } from './interpolate.ts';

const at = { file: 'docker-compose.yml', line: 12, column: 19 };
const run = (text: string, env: Record<string, string>) => evaluate(parseTemplate(text, at), (n) => env[n]);

describe('interpolations', () => {
  it('finds every form compose reads, with the position of each "$"', () => {
    const found = interpolations('$A ${B} ${C:-c} ${D-d} ${E:?e} ${F?f} ${G:+g} ${H+h}', at);
    expect(found.map((i) => [i.variable, i.operator, i.default, i.at.column])).toEqual([
      ['A', null, undefined, 19],
      ['B', null, undefined, 22],
      ['C', ':-', 'c', 27],
      ['D', '-', 'd', 35],
      ['E', ':?', 'e', 42],
      ['F', '?', 'f', 50],
      ['G', ':+', 'g', 57],
      ['H', '+', 'h', 65],
    ]);
  });

  it('reads the incident fallback', () => {
    expect(interpolations('${SECRET_KEY:-dev-secret-change-in-production}', at)).toEqual([
      { variable: 'SECRET_KEY', operator: ':-', default: 'dev-secret-change-in-production', at },
    ]);
  });

  it('treats $$ as a literal dollar and a lone $ as text', () => {
    expect(interpolations('pa$$word $$HOME $ 5$ $1 $-', at)).toEqual([]);
    expect(run('pa$$word $$HOME $ 5$', {}).value).toBe('pa$word $HOME $ 5$');
  });

  it('reads nested defaults like compose v2, inner ones at their own column', () => {
    const found = interpolations('${A:-${B:-${C}}}x', at);
    expect(found.map((i) => [i.variable, i.default, i.at.column])).toEqual([
      ['A', '${B:-${C}}', 19],
      ['B', '${C}', 24],
      ['C', undefined, 29],
    ]);
    expect(run('${A:-${B:-${C}}}x', { C: 'deep' }).value).toBe('deepx');
    expect(run('${A:-${B:-${C}}}x', { B: 'b' }).value).toBe('bx');
  });

  it('refuses defaults nested deeper than 64 levels with a ComposeSyntaxError, not a stack overflow', () => {
    expect(interpolations('${A:-'.repeat(60) + '}'.repeat(60), at)).toHaveLength(60);
    expect(() => interpolations('${A:-'.repeat(20_000) + '}'.repeat(20_000), at)).toThrow(/nested more than 64 deep/);
  });

  it('counts lines inside a multi-line value', () => {
    const found = interpolations('first\n  ${X}\r\n$Y', at);
    expect(found.map((i) => [i.at.line, i.at.column])).toEqual([
      [13, 3],
      [14, 1],
    ]);
  });

  it('stops a $NAME at the first character that cannot be in a name', () => {
    expect(interpolations('$HOST:$PORT/db-$NAME_1.x', at).map((i) => i.variable)).toEqual(['HOST', 'PORT', 'NAME_1']);
  });

  it.each([
    ['${', 'no closing'],
    ['${A', 'no closing'],
    ['${A:-x\n}', 'no closing'],
    ['${}', 'variable name'],
    ['${1A}', 'variable name'],
    ['${A B}', 'after the variable name'],
    ['${A:x-secretvalue}', 'after the variable name'],
  ])('refuses %s as compose does, naming file and line but not the text', (text, why) => {
    let error: unknown;
    try {
      interpolations(`ok ${text}`, at);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComposeSyntaxError);
    expect((error as ComposeSyntaxError).line).toBe(12);
    expect((error as Error).message).toContain('docker-compose.yml:12');
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).not.toContain('secretvalue');
  });
});

describe('evaluate (compose v2 substitution rules)', () => {
  it.each([
    ['${X:-d}', {}, 'd'],
    ['${X:-d}', { X: '' }, 'd'],
    ['${X-d}', { X: '' }, ''],
    ['${X-d}', {}, 'd'],
    ['${X:-d}', { X: 'v' }, 'v'],
    ['${X:+r}', { X: 'v' }, 'r'],
    ['${X:+r}', { X: '' }, ''],
    ['${X+r}', { X: '' }, 'r'],
    ['${X+r}', {}, ''],
    ['${X}', {}, ''],
    ['$X-$Y', { X: 'a', Y: 'b' }, 'a-b'],
    ['${X:-}', {}, ''],
    ['${X:-a}b}', {}, 'ab}'],
    // compose-go counts every "{" (and skips the character after it), then falls back to the line's last "}"
    ['${X:-{a}}', {}, '{a}'],
    ['${X:-{}}', {}, '{}'],
    ['${X:-{}}}', {}, '{}}'],
    ['${X:-${Y}}', { Y: 'y' }, 'y'],
  ] as [string, Record<string, string>, string][])('%s with %j is %j', (text, env, value) => {
    expect(run(text, env)).toMatchObject({ value });
    expect(run(text, env).error).toBeUndefined();
  });

  it('reports a missing required variable the way compose does', () => {
    expect(run('${X:?X is required}', { X: '' }).error).toBe('required variable X is missing a value: X is required');
    expect(run('${X?}', {}).error).toBe('required variable X is missing a value');
    expect(run('${X?}', { X: '' }).error).toBeUndefined();
  });

  it('says which variables were used and how', () => {
    const { uses } = run('${A:-x}$B${C}', { B: 'b' });
    expect(uses.map((u) => [u.variable, u.outcome])).toEqual([
      ['A', 'fallback'],
      ['B', 'set'],
      ['C', 'unset'],
    ]);
  });
});
