import { createDb, databaseTarget, describeTarget } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { createSearchEngine } from "../app/domain/search/engine.server";
import { drainSearchOutbox } from "../app/domain/search/outbox.server";
import { DEMO_PASSWORD, demoLogins, seedDemoData } from "./seed/seed-demo";

// Run by `npm start` (and `npm run dev`) before the server: migrate, then seed the demo data on the very
// first start unless PASOK_DEMO_DATA=off, then print the demo logins.
const demoWanted = !["off", "false", "0", "no"].includes((process.env.PASOK_DEMO_DATA ?? "on").toLowerCase());
const db = createDb();
try {
  const { results } = await migrateToLatest(db);
  const applied = (results ?? []).filter((r) => r.status === "Success").length;
  console.log(`[pasok] database ${describeTarget(databaseTarget())} ready (${applied} migration(s) applied now).`);
  if (demoWanted) {
    const result = await seedDemoData(db, { now: new Date() });
    console.log(result.seeded ? "[pasok] first start: demo data seeded." : "[pasok] demo data present.");
    console.log(`[pasok] demo logins (password "${DEMO_PASSWORD}"):`);
    for (const login of demoLogins()) console.log(`  ${login.email.padEnd(30)} ${login.description}`);
  } else {
    console.log("[pasok] PASOK_DEMO_DATA=off: no demo data.");
  }
  // Index what the seed (or an earlier run) queued, so search works from the first request; the server's
  // own indexer drains whatever is left (e.g. while Meilisearch is unreachable).
  try {
    const engine = createSearchEngine(db);
    await engine.applySettings();
    let indexed = 0;
    for (let round = 0; round < 1000; round++) {
      const r = await drainSearchOutbox(db, engine, { now: new Date(), batch: 500 });
      indexed += r.indexed + r.deleted;
      if (r.indexed + r.deleted + r.failed === 0 || r.failed > 0) break;
    }
    console.log(`[pasok] search (${engine.name}): ${indexed} document(s) indexed now.`);
  } catch (error) {
    console.warn("[pasok] search index not updated now (the server's indexer will retry):", error);
  }
  const port = process.env.PORT ?? "3000";
  console.log(`[pasok] serving on http://${process.env.HOST ?? "localhost"}:${port}`);
} catch (error) {
  console.error("[pasok] could not prepare the database:", error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
