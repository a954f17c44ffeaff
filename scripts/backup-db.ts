import cliProgress from "cli-progress";
import { backupDatabase } from "../db/backup";
import { databasePath } from "../db/client";

if (process.env.DATABASE_URL) {
  console.error(`DATABASE_URL is set: this command backs up the SQLite file only. On PostgreSQL use its own tools (pg_dump -Fc / pg_restore, or base backups with WAL archiving); README, "Deployments".`);
  process.exit(2);
}

// npm run db:backup -- FILE: a consistent copy of the live SQLite database (safe while the server writes).
const destination = process.argv[2];
if (!destination) {
  console.error("Usage: npm run db:backup -- FILE   (e.g. backups/pasok-2026-12-01.db)");
  process.exit(2);
}
const bar = new cliProgress.SingleBar({ format: "backup [{bar}] {percentage}% | {value}/{total} pages" }, cliProgress.Presets.shades_classic);
let started = false;
try {
  const { pages } = await backupDatabase(databasePath(), destination, ({ totalPages, remainingPages }) => {
    if (!started) {
      bar.start(totalPages, 0);
      started = true;
    }
    bar.setTotal(totalPages);
    bar.update(totalPages - remainingPages);
  });
  bar.stop();
  console.log(`Backed up ${databasePath()} to ${destination} (${pages} pages, integrity ok). Uploads in UPLOADS_DIR are files: copy them too.`);
} catch (error) {
  bar.stop();
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
