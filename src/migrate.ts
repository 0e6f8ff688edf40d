import { ConfigError, loadConfig } from './config/config';
import { createDatabase } from './database/database';
import { migrateToLatest } from './database/migrator';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.DATABASE_URL, 1);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `migrate failed: ${String(err)}`);
  process.exit(1);
});
