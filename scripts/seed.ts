import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { DEMO_PASSWORD, seedDemoData } from "./seed/seed-demo";

// Seeds the demo data into the configured database (DATABASE_PATH) unless it was seeded already.
const db = createDb();
try {
  await migrateToLatest(db);
  const result = await seedDemoData(db, { now: new Date() });
  if (result.seeded) {
    console.log(`Seeded demo data. Every demo login uses the password "${DEMO_PASSWORD}":`);
    for (const login of result.logins) console.log(`  ${login.email.padEnd(32)} ${login.description}`);
  } else {
    console.log("Demo data was seeded before; nothing to do.");
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
