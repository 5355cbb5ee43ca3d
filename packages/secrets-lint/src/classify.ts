/** Which scanners read which file, by path alone. */
export interface Kinds {
  code: boolean;
  docs: boolean;
  env: boolean;
  compose: boolean;
  dockerfile: boolean;
  workflow: boolean;
  yaml: boolean;
  tfvars: boolean;
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** `.env`, `.env.production`, `envs/.env`, `prod.env`, but not the templates meant to be committed. */
export function isEnvFile(path: string): boolean {
  const b = basename(path);
  if (!(/^\.env(?:\..+)?$/.test(b) || /\.env$/.test(b))) return false;
  return !isEnvTemplate(path);
}

export function isEnvTemplate(path: string): boolean {
  return /(?:^|[._-])(?:example|sample|template|dist|tpl)(?:$|\.)/i.test(basename(path).replace(/^\.env/, ''));
}

/** Whether scanning the file needs a parser that loads on demand (YAML for compose, workflows and Kubernetes; compose's .env reader). */
export function needsParser(path: string): boolean {
  const k = classify(path);
  return k.yaml || k.env;
}

export function isComposeFile(path: string): boolean {
  return /compose[^/]*\.ya?ml$/i.test(basename(path));
}

// What most files are (app.py, README.md) follows from the extension alone: classified once per extension.
// Not cached: .env* and Dockerfile*/Containerfile* names, and the extensions whose kinds depend on more
// than themselves (YAML: compose and workflows; .env; .dockerfile; .tfvars and .tfvars.json).
const byExtension = new Map<string, Readonly<Kinds>>();
const NOT_BY_EXTENSION = /^(?:ya?ml|env|dockerfile|tfvars|json)$/i;
const MAX_CACHED_EXTENSIONS = 256;

export function classify(path: string): Readonly<Kinds> {
  const b = basename(path);
  const dot = b.lastIndexOf('.');
  if (dot <= 0 || b.startsWith('.env') || b.startsWith('Dockerfile') || b.startsWith('Containerfile')) return classifyName(path, b);
  const ext = b.slice(dot + 1);
  const known = byExtension.get(ext);
  if (known) return known;
  const kinds = Object.freeze(classifyName(path, b));
  if (!NOT_BY_EXTENSION.test(ext) && byExtension.size < MAX_CACHED_EXTENSIONS) byExtension.set(ext, kinds);
  return kinds;
}

function classifyName(path: string, b: string): Kinds {
  const yaml = /\.ya?ml$/i.test(b);
  return {
    code: /\.(?:py|[cm]?[jt]sx?|go)$/.test(b),
    docs: /\.(?:md|markdown|mdx|rst|txt|sh|bash|zsh|ksh|ps1)$/i.test(b) || /^(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(b),
    env: isEnvFile(path),
    compose: yaml && isComposeFile(path),
    dockerfile: /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.[Dd]ockerfile$/.test(b),
    workflow: yaml && /(?:^|\/)\.github\/workflows\//.test(path),
    yaml,
    tfvars: /\.tfvars(?:\.json)?$/.test(b),
  };
}
