/**
 * Edits scalars of a YAML file through yaml's CST, so everything else (comments, order, quoting,
 * blank lines, other documents) stays byte-identical: the file is parsed into tokens, composed
 * into documents whose nodes keep their source tokens, the chosen scalars are set in place
 * (keeping their plain/quoted style) and the tokens are written back as they were.
 */
import { Composer, CST, isMap, isScalar, isSeq, LineCounter, Parser, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { UsageError } from '@preflight/core';

export interface YamlFile {
  path: string;
  text: string;
  tokens: CST.Token[];
  docs: Document.Parsed[];
  lines: LineCounter;
}

export function parseYamlFile(path: string, text: string, input: string): YamlFile {
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)] as Document.Parsed[];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const { line } = lines.linePos(error.pos[0]);
      throw new UsageError(`${input} ${path}:${line} is not valid YAML (${error.message.split('\n')[0]}); fix the file.`);
    }
  }
  return { path, text, tokens, docs, lines };
}

export function lineOf(file: YamlFile, node: Node): number {
  return file.lines.linePos(node.range?.[0] ?? 0).line;
}

/** Sets a scalar's value in the token stream, keeping its style and the comments around it. */
export function setScalar(node: Scalar, value: string): void {
  const token = node.srcToken;
  if (!token) throw new Error('scalar without a source token');
  CST.setScalarValue(token, value);
}

/**
 * Adds `key: value` to a block map after its last item, written like that item (same
 * indentation and separator), e.g. a `digest:` under a kustomization image.
 */
export function addMapItem(map: YAMLMap, key: string, value: string): boolean {
  const token = map.srcToken;
  if (!token || token.type !== 'block-map' || token.items.length === 0) return false;
  const last = token.items[token.items.length - 1];
  if (!last.key || !last.sep || !last.value || !CST.isScalar(last.value)) return false;
  const indent = token.indent;
  const end = 'end' in last.value && last.value.end ? last.value.end.filter((t) => t.type === 'newline') : [];
  const item = {
    start: last.start.map((t) => ({ ...t })),
    key: CST.createScalarToken(key, { indent, implicitKey: true, end: [] }),
    sep: last.sep.map((t) => ({ ...t })),
    value: CST.createScalarToken(value, { indent, end: end.length ? end.map((t) => ({ ...t })) : [{ type: 'newline', offset: 0, indent, source: '\n' }] }),
  };
  // The last item's newline now ends the line of the new item; make sure the old one keeps one.
  if ('end' in last.value && last.value.end && !last.value.end.some((t) => t.type === 'newline')) last.value.end.push({ type: 'newline', offset: 0, indent, source: '\n' });
  token.items.push(item as never);
  return true;
}

export function serialize(file: YamlFile): string {
  return file.tokens.map((t) => CST.stringify(t)).join('');
}

export { isMap, isScalar, isSeq };
