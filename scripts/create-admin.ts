import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { createAdmin } from "../app/domain/admin/create-admin.server";

// npm run admin:create -- --email someone@kemenperin.go.id --name "Nama Admin" [--password …]
// Without --password (or PASOK_ADMIN_PASSWORD) it asks for one. An existing user is made an admin.
const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
});

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

const email = values.email ?? (await ask("E-mail: "));
const name = values.name ?? (await ask("Name: "));
const password = values.password ?? process.env.PASOK_ADMIN_PASSWORD ?? (await ask("Password (10+ characters): "));

const db = createDb();
try {
  await migrateToLatest(db);
  const result = await createAdmin(db, { email, name, password, now: new Date() });
  console.log(result.created ? `Created admin ${result.email}.` : `${result.email} is now an admin.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
