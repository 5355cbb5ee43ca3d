/**
 * Writes the files derived from the option definitions: actions/<check>/action.yml and the option
 * tables in docs/<check>.md (between the GENERATED markers). `--check` only reports drift.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { renderActionYml, renderOptionsTable } from '@preflight/core';
import { checks, extraOutputs } from '../packages/cli/src/checks.ts';

const root = new URL('..', import.meta.url).pathname;

export function derivedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const check of checks) {
    files.set(`actions/${check.name}/action.yml`, renderActionYml(check, extraOutputs[check.name] ?? []));
    const doc = `docs/${check.name}.md`;
    if (existsSync(root + doc)) {
      const text = readFileSync(root + doc, 'utf8');
      files.set(doc, text.replace(/(<!-- GENERATED:options -->\n)[\s\S]*?(<!-- \/GENERATED:options -->)/, `$1${renderOptionsTable(check)}$2`));
    }
  }
  return files;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const drift: string[] = [];
  for (const [path, content] of derivedFiles()) {
    const current = existsSync(root + path) ? readFileSync(root + path, 'utf8') : '';
    if (current === content) continue;
    drift.push(path);
    if (!process.argv.includes('--check')) writeFileSync(root + path, content);
  }
  if (process.argv.includes('--check') && drift.length) {
    console.error(`Generated files are stale: ${drift.join(', ')}; run npm run generate.`);
    process.exit(1);
  }
  console.log(drift.length ? `updated ${drift.join(', ')}` : 'generated files are up to date');
}
