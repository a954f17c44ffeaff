import { Migrator, type Kysely, type MigrationProvider, type MigrationResultSet } from "kysely";
import { engineOf, PortableDdlPlugin } from "./dialect";
import { migrations } from "./migrations/index";

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** On PostgreSQL the migrations' column types are translated (db/dialect.ts, PortableDdlPlugin). */
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db: engineOf(db) === "postgres" ? db.withPlugin(new PortableDdlPlugin()) : db, provider });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error");
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${cause}`, { cause: result.error });
  }
  return result;
}
