import { describe, expect, it } from 'vitest';
import { ComposeSyntaxError, parseEnvFile } from './index.ts';

const pick = (text: string) => parseEnvFile('envs/.env', text).map((e) => [e.name, e.value, e.at.line, e.at.column]);

describe('parseEnvFile', () => {
  it('reads names, values and the position of each value', () => {
    expect(pick('# comment\n\nSECRET_KEY=abc\n  DB_PASSWORD = pw\n')).toEqual([
      ['SECRET_KEY', 'abc', 3, 12],
      ['DB_PASSWORD', 'pw', 4, 17],
    ]);
  });

  it('accepts the export prefix and the yaml-style colon', () => {
    expect(pick('export A=1\nexport   B=2\nC: 3\nexporter=4\n')).toEqual([
      ['A', '1', 1, 10],
      ['B', '2', 2, 12],
      ['C', '3', 3, 4],
      ['exporter', '4', 4, 10],
    ]);
  });

  it('cuts unquoted values at " #" only, and trims them', () => {
    expect(pick('A=abc # note\nB=abc#not-a-comment\nC= #starts-with-hash\nD=x   \nE=\n')).toEqual([
      ['A', 'abc', 1, 3],
      ['B', 'abc#not-a-comment', 2, 3],
      ['C', '#starts-with-hash', 3, 4],
      ['D', 'x', 4, 3],
      ['E', '', 5, 3],
    ]);
  });

  it('reads quoted values as compose-go does', () => {
    const entries = parseEnvFile('.env', `A='lit $X \\n'\nB="line\\nnext \\"q\\" \\\\ \\$HOME \\x"\nC="a # b" # comment\nD="multi\nline"\nE=after\n`);
    expect(entries.map((e) => [e.name, e.value, e.quoted, e.interpolated, e.at.line])).toEqual([
      ['A', 'lit $X \\n', true, false, 1],
      ['B', 'line\nnext "q" \\ $$HOME \\x', true, true, 2],
      ['C', 'a # b', true, true, 3],
      ['D', 'multi\nline', true, true, 4],
      ['E', 'after', false, true, 6],
    ]);
  });

  it('reads a bare name as taken from the environment', () => {
    expect(parseEnvFile('.env', 'TOKEN\nA=1\nLAST')).toEqual([
      { name: 'TOKEN', value: '', at: { file: '.env', line: 1, column: 1 }, quoted: false, interpolated: false, inherited: true },
      { name: 'A', value: '1', at: { file: '.env', line: 2, column: 3 }, quoted: false, interpolated: true },
      { name: 'LAST', value: '', at: { file: '.env', line: 3, column: 1 }, quoted: false, interpolated: false, inherited: true },
    ]);
  });

  it('gives CRLF and BOM files the same names, values and positions as LF files', () => {
    const lf = 'SECRET_KEY=abc # c\nB="x y"\n';
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    expect(parseEnvFile('.env', crlf)).toEqual(parseEnvFile('.env', lf));
    expect(parseEnvFile('.env', crlf)[0]).toMatchObject({ name: 'SECRET_KEY', value: 'abc', at: { line: 1, column: 12 } });
  });

  it.each([
    ['A="never closed\nB=1\n', 1, 'never closed'],
    ['OK=1\nA B=supersecret\n', 2, 'space'],
    ['OK=1\n\nA$B=supersecret\n', 3, 'unexpected character "$"'],
    ['=supersecret\n', 1, 'no variable name'],
  ])('refuses %j at its line without quoting the value', (text, line, why) => {
    let error: unknown;
    try {
      parseEnvFile('envs/.env', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComposeSyntaxError);
    expect(error).toMatchObject({ file: 'envs/.env', line });
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).not.toContain('supersecret');
    expect((error as Error).message).not.toContain('never closed\n');
  });
});
