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

export function isComposeFile(path: string): boolean {
  return /compose[^/]*\.ya?ml$/i.test(basename(path));
}

export function classify(path: string): Kinds {
  const b = basename(path);
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
