/**
 * Alembic's expected head, read from `alembic/versions/*.py` without running Python: every file
 * declares `revision` and `down_revision`; the heads are the revisions no other file names as its
 * down_revision. More than one head means `alembic upgrade head` fails ("Multiple head revisions").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@preflight/core';

export interface AlembicRevision {
  revision: string;
  downRevisions: string[];
  file: string;
}

// `revision = 'abc'` and the annotated `revision: str = "abc"` that newer templates write.
const revisionLine = /^revision\s*(?::[^=\n]*)?=\s*(['"])([^'"\n]+)\1/m;
// down_revision's value runs to the end of the line, or to the closing bracket of a tuple/list.
const downLine = /^down_revision\s*(?::[^=\n]*)?=\s*(\(|\[)?/m;

export function parseAlembicRevision(source: string, file: string): AlembicRevision | undefined {
  const rev = revisionLine.exec(source);
  if (!rev) return undefined;
  const down = downLine.exec(source);
  let downRevisions: string[] = [];
  if (down) {
    const from = down.index + down[0].length;
    const close = down[1] === '(' ? ')' : down[1] === '[' ? ']' : '\n';
    const end = source.indexOf(close, from);
    const value = source.slice(from, end < 0 ? source.length : end).replace(/#.*$/gm, '');
    downRevisions = [...value.matchAll(/(['"])([^'"\n]+)\1/g)].map((m) => m[2]);
  }
  return { revision: rev[2], downRevisions, file };
}

export function alembicHeads(versionsDir: string): { heads: string[]; revisions: number } {
  let names: string[];
  try {
    if (!statSync(versionsDir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(versionsDir).filter((f) => f.endsWith('.py') && f !== '__init__.py').sort();
  } catch (error) {
    throw new UsageError(`Alembic versions directory ${versionsDir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'not a directory'}); point it at alembic/versions (the folder with the revision files).`, { cause: error });
  }
  const revisions = new Map<string, AlembicRevision>();
  for (const name of names) {
    const file = join(versionsDir, name);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`Alembic revision file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions.`, { cause: error });
    }
    const parsed = parseAlembicRevision(source, file);
    // A .py file without `revision =` is a helper module, not a revision; Alembic skips it too.
    if (!parsed) continue;
    const other = revisions.get(parsed.revision);
    if (other) throw new UsageError(`Alembic revision ${parsed.revision} is declared twice (${other.file} and ${file}); give one of them a new revision id.`);
    revisions.set(parsed.revision, parsed);
  }
  const pointedTo = new Set<string>();
  for (const r of revisions.values()) for (const d of r.downRevisions) pointedTo.add(d);
  const heads = [...revisions.keys()].filter((r) => !pointedTo.has(r)).sort();
  return { heads, revisions: revisions.size };
}
