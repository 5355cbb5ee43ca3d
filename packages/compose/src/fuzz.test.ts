// The parsers either return a model or throw ComposeSyntaxError: never another exception, never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComposeSyntaxError, interpolations, parseComposeFile, parseEnvFile } from './index.ts';

const at = { file: 'f', line: 1, column: 1 };

function onlySyntaxErrors(fn: () => unknown): boolean {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ComposeSyntaxError)) throw error;
    expect(error.file).toBe('f');
  }
  return true;
}

// Text made mostly of the characters that matter to each grammar, so the fuzzer reaches the edges.
const pieces = (alphabet: string[]) => fc.array(fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 2 })), { maxLength: 60 }).map((a) => a.join(''));

const templateText = pieces(['$', '{', '}', '$$', '${', ':-', '-', ':?', '?', ':+', '+', 'A', '_1', ' ', '\n', '\r\n']);
const envText = pieces(['=', ':', '#', ' #', '"', "'", '\\', '\n', '\r\n', 'export ', 'KEY', '\uFEFF', '$', '${A}', '\t']);
const yamlText = pieces([
  'services:\n',
  '  a:\n',
  '    environment:\n',
  '      - A=${B:-c}\n',
  '      K: v\n',
  '    env_file: x\n',
  '    build:\n      args:\n',
  '    image: i\n',
  '&x ',
  '*x',
  '<<: ',
  '---\n',
  '- ',
  ': ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '\r\n',
  '\uFEFF',
  '  ',
  '#',
  '|\n',
]);

describe('fuzz', () => {
  it('interpolations returns or throws ComposeSyntaxError', () => {
    fc.assert(fc.property(templateText, (text) => onlySyntaxErrors(() => interpolations(text, at))), { numRuns: 3000 });
  });

  it('parseEnvFile returns or throws ComposeSyntaxError', () => {
    fc.assert(fc.property(envText, (text) => onlySyntaxErrors(() => parseEnvFile('f', text))), { numRuns: 3000 });
  });

  it('parseComposeFile returns or throws ComposeSyntaxError', () => {
    fc.assert(fc.property(yamlText, (text) => onlySyntaxErrors(() => parseComposeFile('f', text))), { numRuns: 2000 });
  });

  it('parseComposeFile survives arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => onlySyntaxErrors(() => parseComposeFile('f', text))), { numRuns: 1000 });
  });

  it('an alias bomb (billion laughs) ends with an error or a model, quickly bounded', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('services:\n  s:\n    environment: *j');
    onlySyntaxErrors(() => parseComposeFile('f', lines.join('\n')));
  });

  it('a merge-key bomb is refused with a ComposeSyntaxError at its line', () => {
    const lines = ['x0: &x0 {A: "1"}'];
    for (let i = 1; i < 12; i++) lines.push(`x${i}: &x${i} {<<: [${Array(9).fill(`*x${i - 1}`).join(', ')}]}`);
    lines.push('services:\n  s:\n    environment: *x11');
    expect(() => parseComposeFile('f', lines.join('\n'))).toThrow(/alias bomb/);
  });
});
