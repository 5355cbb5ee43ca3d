/**
 * Where secrets hide next to the app: Dockerfile ARG/ENV with a secret-named literal, workflow
 * `env:` literals instead of `${{ secrets.X }}`, committed Kubernetes Secret manifests, *.tfvars.
 */
import { isSecretName } from '@preflight/core';
import { assess, describeValue, fullHash, isReference, registerValue } from '../value.ts';
import { Lines, type Hit, type ScanOptions } from '../hit.ts';
import { unparseable } from './env.ts';

type YamlApi = typeof import('../yaml-api.ts');

function literalHit(rule: string, file: string, line: number, name: string, value: string, what: string, fix: string, opts: ScanOptions, object = `${file}:${name}`): Hit {
  const a = assess(value, opts.minLength);
  return { rule, severity: 'error', file, line, variable: name, valueHash: fullHash(value), object, message: `${what} (${describeValue(a, opts.minLength)}).`, fix };
}

const unquote = (v: string) => (/^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v);
const isTemplated = (v: string) => !v || isReference(v) || /\$\{|\$[A-Za-z_]|\{\{|\$\(/.test(v);

export function scanDockerfile(file: string, text: string, opts: ScanOptions, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  for (let n = 1; n <= lines.count; n++) {
    const m = /^\s*(ARG|ENV)\s+(.+?)\s*\\?$/i.exec(lines.line(n));
    if (!m) continue;
    const kw = m[1]!.toUpperCase();
    const body = m[2]!;
    const pairs: Array<[string, string]> = [];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(body)) {
      for (const p of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) pairs.push([p[1]!, unquote(p[2]!)]);
    } else {
      // Legacy `ENV NAME value`.
      const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/.exec(body);
      if (legacy && kw === 'ENV') pairs.push([legacy[1]!, unquote(legacy[2]!)]);
    }
    for (const [name, value] of pairs) {
      if (!isSecretName(name) || isTemplated(value)) continue;
      hits.push(
        literalHit('dockerfile-secret-literal', file, n, name, value, `${file}:${n} ${kw} ${name} has a literal value, baked into every image layer and its history`,
          kw === 'ARG' ? `Use a build secret: RUN --mount=type=secret,id=${name.toLowerCase()} (docker build --secret id=${name.toLowerCase()},env=${name}).` : `Drop the ENV and pass ${name} at run time from a secret store.`, opts),
      );
    }
  }
  return hits;
}

export function scanTfvars(file: string, text: string, opts: ScanOptions, lines = new Lines(text)): Hit[] {
  const hits: Hit[] = [];
  const json = file.endsWith('.json');
  for (let n = 1; n <= lines.count; n++) {
    const m = json ? /^\s*"([A-Za-z_][A-Za-z0-9_-]*)"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(lines.line(n)) : /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(lines.line(n));
    if (!m || !isSecretName(m[1]!) || isTemplated(m[2]!)) continue;
    const name = m[1]!;
    hits.push(literalHit('tfvars-secret-literal', file, n, name, m[2]!, `${file}:${n} ${name} has a literal value`, `Pass it as TF_VAR_${name} from a secret store, mark the variable sensitive = true, and remove it from ${file}.`, opts));
  }
  return hits;
}

interface YamlContext {
  yaml: YamlApi;
  file: string;
  text: string;
}

function yamlDocs(ctx: YamlContext): { docs: import('yaml').Document.Parsed[]; counter: import('yaml').LineCounter } | { error: Hit } {
  const counter = new ctx.yaml.LineCounter();
  const text = ctx.text;
  const docs = ctx.yaml.parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    const e = d.errors[0];
    // Our own sentence: the library's message can quote the line, which may hold a secret.
    if (e) return { error: unparseable(ctx.file, counter.linePos(e.pos[0]).line, `${ctx.file}:${counter.linePos(e.pos[0]).line}: is not valid YAML (${e.code})`) };
  }
  return { docs: list, counter };
}

/** A workflow's `env:` at the top, in a job, or in a step: secret-named literals instead of ${{ secrets.X }}. */
export function scanWorkflow(yaml: YamlApi, file: string, text: string, opts: ScanOptions): Hit[] {
  const parsed = yamlDocs({ yaml, file, text });
  if ('error' in parsed) return [parsed.error];
  const hits: Hit[] = [];
  const { isMap, isSeq, isScalar } = yaml;
  const envMaps: Array<{ node: unknown; path: string }> = [];
  for (const doc of parsed.docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    envMaps.push({ node: root.get('env', true), path: 'env' });
    const jobs = root.get('jobs', true);
    if (!isMap(jobs)) continue;
    for (const job of jobs.items) {
      const id = String((job.key as { value?: unknown })?.value ?? '');
      if (!isMap(job.value)) continue;
      envMaps.push({ node: job.value.get('env', true), path: `jobs.${id}.env` });
      const container = job.value.get('container', true);
      if (isMap(container)) envMaps.push({ node: container.get('env', true), path: `jobs.${id}.container.env` });
      const steps = job.value.get('steps', true);
      if (!isSeq(steps)) continue;
      steps.items.forEach((step, i) => {
        if (isMap(step)) envMaps.push({ node: step.get('env', true), path: `jobs.${id}.steps[${i}].env` });
      });
    }
  }
  for (const { node, path } of envMaps) {
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const name = String((pair.key as { value?: unknown })?.value ?? '');
      const v = pair.value;
      if (!isSecretName(name) || !isScalar(v) || v.value === null || typeof v.value === 'boolean') continue;
      const value = String(v.value);
      if (!value || /\$\{\{/.test(value) || isTemplated(value)) continue;
      const line = parsed.counter.linePos(v.range?.[0] ?? 0).line;
      hits.push(literalHit('workflow-literal-secret', file, line, name, value, `${file}:${line} ${path}.${name} is a literal instead of \${{ secrets.${name} }}`, `${name}: \${{ secrets.${name} }}`, opts, `${file}:${path}.${name}`));
    }
  }
  return hits;
}

/** Kubernetes `kind: Secret` manifests with values in stringData or data (base64 is an encoding, not encryption). */
export function scanKubernetesSecret(yaml: YamlApi, file: string, text: string, opts: ScanOptions): Hit[] {
  // The substring search first: most YAML is not a Secret, and it is many times faster than the regex.
  if (!text.includes('Secret') || !/^kind:\s*["']?Secret["']?\s*$/m.test(text)) return [];
  const parsed = yamlDocs({ yaml, file, text });
  if ('error' in parsed) return [parsed.error];
  const hits: Hit[] = [];
  const { isMap, isScalar } = yaml;
  for (const doc of parsed.docs) {
    const root = doc.contents;
    if (!isMap(root) || String(root.get('kind') as unknown) !== 'Secret') continue;
    const metadata = root.get('metadata', true);
    const secretName = isMap(metadata) ? String(metadata.get('name') ?? '') : '';
    for (const field of ['stringData', 'data'] as const) {
      const node = root.get(field, true);
      if (!isMap(node)) continue;
      for (const pair of node.items) {
        const key = String((pair.key as { value?: unknown })?.value ?? '');
        const v = pair.value;
        if (!isScalar(v) || v.value === null) continue;
        let value = String(v.value);
        if (!value || isTemplated(value)) continue;
        if (field === 'data') {
          registerValue(value);
          value = Buffer.from(value, 'base64').toString('utf8');
        }
        const line = parsed.counter.linePos(v.range?.[0] ?? 0).line;
        hits.push(
          literalHit('k8s-secret-committed', file, line, key, value, `${file}:${line} Secret ${secretName} ${field}.${key} is committed${field === 'data' ? ' (base64 is not encryption)' : ''}`,
            'Use Sealed Secrets, SOPS or External Secrets, rotate the value, and remove the manifest from history.', opts, `${file}:Secret/${secretName}.${field}.${key}`),
        );
      }
    }
  }
  return hits;
}
