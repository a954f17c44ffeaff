import { createDb, databaseTarget, describeTarget } from "../db/client";
import { migrateToLatest } from "../db/migrator";

const db = createDb();
try {
  const { results } = await migrateToLatest(db);
  const applied = (results ?? []).filter((r) => r.status === "Success");
  console.log(
    applied.length
      ? `Migrated ${describeTarget(databaseTarget())}: ${applied.map((r) => r.migrationName).join(", ")}`
      : `Database ${describeTarget(databaseTarget())} is up to date.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
