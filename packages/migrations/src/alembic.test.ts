import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '@preflight/core';
import { alembicHeads, parseAlembicRevision } from './alembic.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function versionsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pf-alembic-'));
  dirs.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

const classic = (rev: string, down: string) => `"""add thing

Revision ID: ${rev}
Revises: nothing_to_see
Create Date: 2024-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '${rev}'
down_revision = ${down}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('t')
`;

const annotated = (rev: string, down: string) => `"""x"""
from typing import Sequence, Union

revision: str = "${rev}"
down_revision: Union[str, Sequence[str], None] = ${down}
branch_labels: Union[str, Sequence[str], None] = None
`;

describe('alembicHeads', () => {
  it('finds the single head of a linear history', () => {
    const dir = versionsDir({
      '1_a.py': classic('a1b2c3d4e5f6', 'None'),
      '2_b.py': classic('bbbbbbbbbbbb', "'a1b2c3d4e5f6'"),
      '3_c.py': annotated('cccccccccccc', '"bbbbbbbbbbbb"'),
      '__init__.py': '',
      'helpers.py': 'def x(): pass',
      'notes.txt': "revision = 'zzz'",
    });
    expect(alembicHeads(dir)).toEqual({ heads: ['cccccccccccc'], revisions: 3 });
  });

  it('reports two heads when branches are not merged, and one after a merge revision', () => {
    const files = {
      '1.py': classic('root', 'None'),
      '2.py': classic('left', "'root'"),
      '3.py': annotated('right', "'root'  # branched"),
    };
    expect(alembicHeads(versionsDir(files)).heads).toEqual(['left', 'right']);
    const merged = { ...files, '4.py': classic('merge1', "('left',\n    'right')") };
    expect(alembicHeads(versionsDir(merged))).toEqual({ heads: ['merge1'], revisions: 4 });
    const mergedList = { ...files, '4.py': annotated('merge2', '["left", "right"]') };
    expect(alembicHeads(versionsDir(mergedList)).heads).toEqual(['merge2']);
  });

  it('parses revision/down_revision forms', () => {
    expect(parseAlembicRevision(classic('x', 'None'), 'f')?.downRevisions).toEqual([]);
    expect(parseAlembicRevision(annotated('x', "('a', 'b')"), 'f')).toEqual({ revision: 'x', downRevisions: ['a', 'b'], file: 'f' });
    expect(parseAlembicRevision('print(1)', 'f')).toBeUndefined();
  });

  it('gives a UsageError for a missing directory and duplicate revisions', () => {
    expect(() => alembicHeads('/nonexistent/alembic/versions')).toThrow(UsageError);
    expect(() => alembicHeads(versionsDir({ 'a.py': classic('same', 'None'), 'b.py': classic('same', 'None') }))).toThrow(/declared twice/);
  });
});
