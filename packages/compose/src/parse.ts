// A compose file read with positions: services, environment and build.args (map and list forms),
// env_file, image. YAML via the `yaml` package's document model; aliases and merge keys (<<) are
// resolved here (not by the library) so every value keeps the position where it is written,
// inside the anchor when it comes from one. Several YAML documents in one file are read in order.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { ComposeSyntaxError } from './errors.ts';
import { interpolations, parseTemplate, type Interpolation, type Locator, type Part } from './interpolate.ts';
import { Positions, stripBom, type Located } from './located.ts';

export interface ComposeEnvEntry {
  service: string;
  name: string;
  /** literal text as written (undefined for `- NAME` / `NAME:` with no value = pass-through from the shell) */
  raw: string | undefined;
  source: 'environment' | 'build.args';
  /** position of the value (or of the key when there is no value) */
  at: Located;
  interpolations: Interpolation[];
}

export interface ComposeEnvFileRef {
  service: string;
  /** as written, relative paths not resolved */
  path: string;
  required: boolean;
  at: Located;
}

export interface ComposeFileModel {
  file: string;
  services: string[];
  env: ComposeEnvEntry[];
  envFiles: ComposeEnvFileRef[];
  images: { service: string; image: string; at: Located }[];
  /**
   * Every interpolation anywhere in the file (any string value, x- extensions and anchors
   * included, each once where it is written): the variables compose needs, for `.env.example`
   * checks. Keys are not interpolated by compose and are not read.
   */
  interpolations: Interpolation[];
}

/** One YAML document of a compose file, with the parsed templates effectiveConfig evaluates. */
export interface ComposeDocumentModel extends ComposeFileModel {
  templates: Map<ComposeEnvEntry | ComposeEnvFileRef, Part[]>;
  /** services that have an `environment:` / `env_file:` key in this document */
  declared: { service: string; environment: boolean; envFile: boolean }[];
}

export function parseComposeFile(file: string, text: string): ComposeFileModel {
  const documents = parseComposeDocuments(file, text);
  const services = [...new Set(documents.flatMap((d) => d.services))];
  return {
    file,
    services,
    env: documents.flatMap((d) => d.env),
    envFiles: documents.flatMap((d) => d.envFiles),
    images: documents.flatMap((d) => d.images),
    interpolations: documents.flatMap((d) => d.interpolations),
  };
}

export function parseComposeDocuments(file: string, input: string): ComposeDocumentModel[] {
  const { text } = stripBom(input);
  const positions = new Positions(file, text);
  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, merge: false, strict: true });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    throw new ComposeSyntaxError(file, undefined, 'could not be read as YAML.', { cause: error });
  }
  try {
    return documents.map((doc) => new DocumentReader(file, text, positions, doc).read());
  } catch (error) {
    // our walk is recursive like the yaml library's; a structure deeper than the stack is not a compose file
    if (error instanceof RangeError) throw new ComposeSyntaxError(file, undefined, 'is nested too deeply to be a compose file.', { cause: error });
    throw error;
  }
}

type Entry = { key: string; keyNode: Node; value: Node | null };

// Merge keys can multiply work like the "billion laughs" alias bomb; compose files never need this many.
const MAX_MERGED_ENTRIES = 20_000;

class DocumentReader {
  private readonly model: ComposeDocumentModel;
  private merged = 0;
  private readonly aliases = new Map<Node, Node | undefined>();
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly positions: Positions,
    private readonly doc: Document.Parsed,
  ) {
    this.model = { file, services: [], env: [], envFiles: [], images: [], interpolations: [], templates: new Map(), declared: [] };
  }

  read(): ComposeDocumentModel {
    const error = this.doc.errors[0];
    if (error) {
      // The yaml library's own message can quote the source line, which may hold a secret.
      const at = this.positions.at(error.pos[0]);
      throw new ComposeSyntaxError(this.file, at.line, `is not valid YAML at column ${at.column} (${error.code}).`);
    }
    visit(this.doc, {
      Scalar: (key, node) => {
        if (key !== 'key' && typeof node.value === 'string' && node.value.includes('$')) this.model.interpolations.push(...interpolations(node.value, this.locator(node, 0)));
      },
    });
    const root = this.deref(this.doc.contents);
    if (root === null) return this.model; // an empty document
    if (!isMap(root)) this.fail(root, 'the top level must be a mapping (services:, volumes:, ...)');
    const services = this.entries(root as YAMLMap).find((e) => e.key === 'services');
    if (!services) return this.model;
    const servicesNode = this.deref(services.value);
    if (servicesNode === null) return this.model;
    if (!isMap(servicesNode)) this.fail(servicesNode, '"services" must be a mapping of service names');
    for (const service of this.entries(servicesNode as YAMLMap)) this.readService(service);
    return this.model;
  }

  private readService({ key: service, value }: Entry): void {
    this.model.services.push(service);
    const node = this.deref(value);
    const declared = { service, environment: false, envFile: false };
    this.model.declared.push(declared);
    if (node === null) return;
    if (!isMap(node)) this.fail(node, `service "${service}" must be a mapping`);
    for (const entry of this.entries(node as YAMLMap)) {
      if (entry.key === 'environment') {
        declared.environment = true;
        this.readEnvironment(service, entry, 'environment');
      } else if (entry.key === 'env_file') {
        declared.envFile = true;
        this.readEnvFiles(service, entry);
      } else if (entry.key === 'image') {
        const image = this.deref(entry.value);
        if (image === null) continue;
        const value = this.scalarText(image, `service "${service}": image`);
        if (value !== undefined) this.model.images.push({ service, image: value, at: this.pos(image) });
      } else if (entry.key === 'build') {
        const build = this.deref(entry.value);
        if (build === null || isScalar(build)) continue; // `build: ./dir`
        if (!isMap(build)) this.fail(build, `service "${service}": build must be a path or a mapping`);
        const args = this.entries(build as YAMLMap).find((e) => e.key === 'args');
        if (args) this.readEnvironment(service, args, 'build.args');
      }
    }
  }

  private readEnvironment(service: string, entry: Entry, source: ComposeEnvEntry['source']): void {
    const node = this.deref(entry.value);
    if (node === null) return;
    const what = `service "${service}": ${source}`;
    if (isMap(node)) {
      for (const item of this.entries(node as YAMLMap)) {
        const valueNode = this.deref(item.value);
        if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) {
          this.addEnv({ service, name: item.key, raw: undefined, source, at: this.pos(item.keyNode), interpolations: [] }, undefined);
          continue;
        }
        const raw = this.scalarText(valueNode, `${what}.${item.key}`);
        this.addEnv({ service, name: item.key, raw, source, at: this.pos(valueNode), interpolations: [] }, this.locator(valueNode as Scalar, 0));
      }
      return;
    }
    if (!isSeq(node)) this.fail(node, `${what} must be a mapping or a list of NAME=value`);
    for (const itemNode of node.items as Node[]) {
      const item = this.deref(itemNode);
      if (item === null) continue;
      const text = this.scalarText(item, what);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      if (eq < 0) {
        this.addEnv({ service, name: text, raw: undefined, source, at: this.pos(item), interpolations: [] }, undefined);
        continue;
      }
      const locate = this.locator(item as Scalar, eq + 1);
      this.addEnv({ service, name: text.slice(0, eq), raw: text.slice(eq + 1), source, at: locate(0), interpolations: [] }, locate);
    }
  }

  private addEnv(entry: ComposeEnvEntry, locate: Locator | undefined): void {
    if (entry.raw !== undefined && locate) {
      const parts = parseTemplate(entry.raw, locate);
      entry.interpolations = interpolations(entry.raw, locate);
      this.model.templates.set(entry, parts);
    }
    this.model.env.push(entry);
  }

  private readEnvFiles(service: string, entry: Entry): void {
    const node = this.deref(entry.value);
    if (node === null) return;
    const what = `service "${service}": env_file`;
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    for (const itemNode of items) {
      const item = this.deref(itemNode);
      if (item === null) continue;
      let pathNode: Node = item;
      let required = true;
      if (isMap(item)) {
        const fields = this.entries(item as YAMLMap);
        const path = fields.find((f) => f.key === 'path');
        const req = fields.find((f) => f.key === 'required');
        const pathValue = path && this.deref(path.value);
        if (!pathValue) this.fail(item, `${what}: an entry in the long form needs "path"`);
        pathNode = pathValue as Node;
        const reqValue = req && this.deref(req.value);
        if (reqValue) {
          if (!isScalar(reqValue) || typeof reqValue.value !== 'boolean') this.fail(reqValue, `${what}: "required" must be true or false`);
          required = (reqValue as Scalar).value as boolean;
        }
      }
      const path = this.scalarText(pathNode, what);
      if (path === undefined) continue;
      const ref: ComposeEnvFileRef = { service, path, required, at: this.pos(pathNode) };
      this.model.templates.set(ref, parseTemplate(path, this.locator(pathNode as Scalar, 0)));
      this.model.envFiles.push(ref);
    }
  }

  /** A mapping's entries with merge keys applied: own keys win, then earlier merged maps over later ones. */
  private entries(map: YAMLMap, seen = new Set<YAMLMap>()): Entry[] {
    if (seen.has(map)) this.fail(map, 'merges a mapping into itself');
    seen.add(map);
    const own: Entry[] = [];
    const merged: Entry[] = [];
    for (const pair of map.items) {
      const keyNode = this.deref(pair.key as Node | null);
      if (keyNode === null || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.fail((pair.key as Node) ?? map, 'has a key that is not a plain string');
      }
      const key = String((keyNode as Scalar).value);
      const value = (pair.value as Node | null) ?? null;
      if (key === '<<' && (keyNode as Scalar).type === 'PLAIN') {
        const target = this.deref(value);
        const sources = target !== null && isSeq(target) ? (target.items as Node[]).map((n) => this.deref(n)) : [target];
        for (const source of sources) {
          if (source === null || !isMap(source)) this.fail(source ?? keyNode, 'merges (<<) something that is not a mapping');
          const more = this.entries(source as YAMLMap, new Set(seen));
          this.merged += more.length + 1;
          if (this.merged > MAX_MERGED_ENTRIES) this.fail(keyNode, `merges (<<) more than ${MAX_MERGED_ENTRIES} entries in all (an alias bomb?)`);
          merged.push(...more);
        }
        continue;
      }
      own.push({ key, keyNode, value });
    }
    const out = [...own];
    const have = new Set(own.map((e) => e.key));
    for (const entry of merged) {
      if (have.has(entry.key)) continue;
      have.add(entry.key);
      out.push(entry);
    }
    return out;
  }

  /** The node an alias points to; null for a missing or null value (`key:` / `key: null`). */
  private deref(node: Node | null | undefined, depth = 0): Node | null {
    if (node === null || node === undefined) return null;
    if (isScalar(node) && node.value === null) return null;
    if (isAlias(node)) {
      // Alias.resolve walks the whole document each time: remember the answer.
      let target = this.aliases.get(node);
      if (!this.aliases.has(node)) this.aliases.set(node, (target = node.resolve(this.doc) as Node | undefined));
      if (!target) this.fail(node, `uses the alias *${node.source} before (or without) its anchor`);
      if (depth > 64) this.fail(node, 'has aliases that refer to each other without end');
      return this.deref(target, depth + 1);
    }
    return node;
  }

  /** A scalar as text: strings as they are, numbers and booleans as written; undefined for null. */
  private scalarText(node: Node, what: string): string | undefined {
    if (!isScalar(node)) this.fail(node, `${what} must be a string, a number or a boolean`);
    const scalar = node as Scalar;
    if (scalar.value === null) return undefined;
    if (typeof scalar.value === 'string') return scalar.value;
    return scalar.source ?? String(scalar.value);
  }

  private pos(node: Node): Located {
    return this.positions.at(node.range?.[0] ?? 0);
  }

  /**
   * Positions of the characters of a scalar's value from `skip` on. Exact for plain and simply
   * quoted one-line scalars; for escaped, folded or block scalars the value's text is looked up in
   * the source, else the scalar's start is used.
   */
  private locator(scalar: Scalar, skip: number): Locator {
    const [start, end] = scalar.range ?? [0, 0];
    const source = this.text.slice(start, end);
    const value = typeof scalar.value === 'string' ? scalar.value : (scalar.source ?? String(scalar.value));
    const quote = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE' ? 1 : 0;
    const inner = source.slice(quote, source.length - quote);
    if (inner === value) return (offset) => this.positions.at(start + quote + skip + offset);
    return (offset) => {
      const probe = value.slice(skip + offset, skip + offset + 24).split('\n')[0];
      const found = probe ? source.indexOf(probe) : -1;
      return this.positions.at(found >= 0 ? start + found : start);
    };
  }

  private fail(node: Node | null | undefined, reason: string): never {
    const at = node?.range ? this.positions.at(node.range[0]) : undefined;
    throw new ComposeSyntaxError(this.file, at?.line, `${reason}.`);
  }
}
