export * from './server.ts';
export * from './connection.ts';
export * from './connect.ts';
export * from './pooler.ts';
export * from './ledger.ts';
export { startCloudSqlLocalProxy, type CloudSqlOptions } from './cloud-sql.ts';
export * from './command.ts';
export * from './leftovers.ts';
export * from './quote.ts';
