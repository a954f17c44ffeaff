import { restoreDatabase } from "../db/backup";
import { databasePath } from "../db/client";

if (process.env.DATABASE_URL) {
  console.error(`DATABASE_URL is set: this command restores the SQLite file only. On PostgreSQL use its own tools (pg_dump -Fc / pg_restore, or base backups with WAL archiving); README, "Deployments".`);
  process.exit(2);
}

// npm run db:restore -- FILE: puts a backup in place of DATABASE_PATH (the server must be stopped).
const backup = process.argv[2];
if (!backup) {
  console.error("Usage: npm run db:restore -- FILE");
  process.exit(2);
}
try {
  const { keptAs } = restoreDatabase(backup, databasePath());
  console.log(`Restored ${backup} to ${databasePath()}.${keptAs ? ` The database it replaced is kept as ${keptAs}.` : ""}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
