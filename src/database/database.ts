import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import { Database } from './database.types';

// bigint counts (count(*)) as numbers; our counts never approach 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

export function createDatabase(url: string, poolMax: number): Kysely<Database> {
  const pool = new Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
