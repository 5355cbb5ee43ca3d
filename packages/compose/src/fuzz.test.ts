// The parsers either return a model or throw ComposeSyntaxError: never another exception, never a hang.
import fc from 'fast-check';
import { fuzz } from '../../../test/harness/fuzz.ts';
import { describe, expect, it } from 'vitest';
import { UsageError } from '@preflight/core';
import { ComposeSyntaxError, interpolations, parseComposeFile, parseEnvFile, pinImage } from './index.ts';
import { evaluate, parseTemplate } from './interpolate.ts';

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
    fuzz('compose: interpolation', fc.property(templateText, (text) => onlySyntaxErrors(() => interpolations(text, at))));
  });

  it('parseEnvFile returns or throws ComposeSyntaxError', () => {
    fuzz('compose: env file', fc.property(envText, (text) => onlySyntaxErrors(() => parseEnvFile('f', text))));
  });

  it('parseComposeFile returns or throws ComposeSyntaxError', () => {
    fuzz('compose: compose file', fc.property(yamlText, (text) => onlySyntaxErrors(() => parseComposeFile('f', text))));
  });

  it('pinImage returns a file whose service has the pinned image, or throws a UsageError', () => {
    const ref = 'r.example/app:1@sha256:' + 'c'.repeat(64);
    fuzz(
      'compose: pinImage',
      fc.property(yamlText, (text) => {
        let out: string;
        try {
          out = pinImage(text, 'a', ref, 'f');
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          return true;
        }
        expect(parseComposeFile('f', out).images.filter((i) => i.service === 'a').map((i) => i.image)).toContain(ref);
        return true;
      }),
    );
  });

  it('pinImage on generated compose files changes exactly the one image line', () => {
    const ref = 'r.example/app:1@sha256:' + 'c'.repeat(64);
    const quoted = (v: string, q: number) => (q === 0 ? v : q === 1 ? `"${v}"` : `'${v}'`);
    const service = fc.record({
      quote: fc.integer({ min: 0, max: 2 }),
      comment: fc.option(fc.constantFrom(' # note', '   #image: x:1', ' # "quoted" \'c\'')),
      before: fc.subarray(['restart: always', 'build: .', '# image: commented:1', 'ports: ["80:80"]']),
      after: fc.subarray(['command: ["run"]', 'environment:\n      A: "1"', 'image_note: x']),
    });
    fuzz(
      'compose: pinImage',
      fc.property(fc.array(service, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), (services, which, crlf) => {
        const target = which % services.length;
        const lines = ['# top', 'services:'];
        let imageLine = -1;
        services.forEach((s, i) => {
          lines.push(`  s${i}:`);
          for (const l of s.before) lines.push(...`    ${l}`.split('\n'));
          if (i === target) imageLine = lines.length;
          lines.push(`    image: ${quoted(`app/s${i}:1.0`, s.quote)}${s.comment ?? ''}`);
          for (const l of s.after) lines.push(...`    ${l}`.split('\n'));
        });
        const eol = crlf ? '\r\n' : '\n';
        const text = lines.join(eol) + eol;
        const out = pinImage(text, `s${target}`, ref).split(eol);
        const before = text.split(eol);
        expect(out.length).toBe(before.length);
        before.forEach((line, i) => {
          if (i !== imageLine) expect(out[i]).toBe(line);
        });
        const s = services[target];
        expect(out[imageLine]).toBe(`    image: ${quoted(ref, s.quote)}${s.comment ?? ''}`);
        return true;
      }),
    );
  });

  it('parseComposeFile survives arbitrary text', () => {
    fuzz('compose: compose file', fc.property(fc.string({ maxLength: 200 }), (text) => onlySyntaxErrors(() => parseComposeFile('f', text))));
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

// Interpolation against a model of compose's rules: templates built from a small tree (text, "$$",
// $VAR, ${VAR}, ${VAR:-x}, ${VAR-x}, ${VAR:+x}, ${VAR+x}, nested), rendered to text, parsed and
// evaluated by our code, and evaluated by the model straight from the tree.
type Node = { t: 'text'; s: string } | { t: 'dollar' } | { t: 'ref'; name: string; op: null | ':-' | '-' | ':+' | '+'; arg: Node[]; braced: boolean };

const varName = fc.constantFrom('A', 'B', 'EMPTY', 'UNSET', '_X1');
const env: Record<string, string | undefined> = { A: 'alpha', B: 'b$b}', EMPTY: '', UNSET: undefined, _X1: 'x' };
// Plain text: no "$" (that starts a reference). Inside an argument compose-go's rules also rule out
// "}" (it ends the reference), "{" (counted against the closing "}") and a newline (a "${" never
// closes on a later line); the parser follows those rules and its own tests pin them.
const plain = (inArg: boolean) => fc.string({ unit: fc.constantFrom('a', ' ', ':', '-', '+', '?', '"', "'", ...(inArg ? [] : ['{', '}', '\n'])), minLength: 1, maxLength: 4 });
const tree = fc.letrec<{ list: Node[]; argList: Node[] }>((tie) => ({
  list: fc.array(node(false, tie('argList') as fc.Arbitrary<Node[]>), { maxLength: 5 }),
  argList: fc.array(node(true, tie('argList') as fc.Arbitrary<Node[]>), { maxLength: 3 }),
}));
function node(inArg: boolean, args: fc.Arbitrary<Node[]>): fc.Arbitrary<Node> {
  return fc.oneof(
    { arbitrary: plain(inArg).map((s): Node => ({ t: 'text', s })), weight: 3 },
    { arbitrary: fc.constant<Node>({ t: 'dollar' }), weight: 1 },
    { arbitrary: fc.record({ t: fc.constant('ref' as const), name: varName, op: fc.constantFrom(null, ':-', '-', ':+', '+'), arg: args, braced: fc.boolean() }), weight: 3 },
  );
}

function render(nodes: Node[]): string {
  return nodes
    .map((n) => {
      if (n.t === 'text') return n.s;
      if (n.t === 'dollar') return '$$';
      // A bare $VAR only without an operator, followed by a space so the name ends there.
      if (!n.braced && n.op === null) return `$${n.name} `;
      return `\${${n.name}${n.op ?? ''}${n.op ? render(n.arg) : ''}}`;
    })
    .join('');
}

function model(nodes: Node[]): string {
  return nodes
    .map((n) => {
      if (n.t === 'text') return n.s;
      if (n.t === 'dollar') return '$';
      const v = env[n.name];
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      const bare = !n.braced && n.op === null ? ' ' : '';
      switch (n.op) {
        case null:
          return (v ?? '') + bare;
        case ':-':
          return nonEmpty ? v! : model(n.arg);
        case '-':
          return set ? v! : model(n.arg);
        case ':+':
          return nonEmpty ? model(n.arg) : '';
        case '+':
          return set ? model(n.arg) : '';
      }
    })
    .join('');
}

describe('fuzz: interpolation agrees with a model of compose', () => {
  it('evaluate(parseTemplate(render(t))) = model(t)', () => {
    fuzz(
      'compose: interpolation (model)',
      fc.property(tree.list, (nodes) => {
        const text = render(nodes);
        const result = evaluate(parseTemplate(text, at), (name) => env[name]);
        expect(result.value, JSON.stringify(text)).toBe(model(nodes));
        expect(result.error).toBeUndefined();
      }),
    );
  });
});
