import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Kysely, Migration, MigrationProvider, Migrator } from 'kysely';

/** Compiled builds keep migrations in dist/migrations; sources in the top-level migrations/. */
export function migrationsFolder(): string {
  const compiled = path.resolve(__dirname, '..', 'migrations');
  return existsSync(compiled) ? compiled : path.resolve(__dirname, '..', '..', 'migrations');
}

/**
 * Like Kysely's FileMigrationProvider, but the import() lives here so whichever loader runs
 * this file (node for dist/, Vitest for sources) also loads the migrations.
 */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder)).filter(
      (f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.map'),
    );
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      migrations[file.replace(/\.(js|ts)$/, '')] = (await import(path.join(this.folder, file))) as Migration;
    }
    return migrations;
  }
}

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new FolderMigrationProvider(migrationsFolder()) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
