export * from './files.ts';
export * from './alembic.ts';
export * from './version.ts';
export * from './sql-split.ts';
