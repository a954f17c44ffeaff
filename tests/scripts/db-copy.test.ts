import { mkdirSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createSession, markSessionTwoFactorVerified } from "../../app/domain/accounts/sessions.server";
import { serializeSessionCookie } from "../../app/http/auth.server";
import { createDb, type Db } from "../../db/client";
import { planTables, tableChecksum } from "../../db/copy";
import { onlyOn } from "../setup/engine";
import { newPostgresDatabase, run, serverTestsUnavailable, startServer, type RunningServer } from "../support/server";

// Issue 15 #4: `npm run db:copy` moves a seeded SQLite database (with its uploads) into an empty PostgreSQL
// database, verified table by table, and the app then starts on it: pages, search, sign-in and a document.
const skip = onlyOn("postgres", "the copy needs a PostgreSQL target") ?? serverTestsUnavailable();
if (skip) console.log(`[db:copy] skipped: ${skip}`);

const ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" };

describe.skipIf(skip)("db:copy from SQLite to PostgreSQL", () => {
  let server: RunningServer | undefined;
  const handles: Db[] = [];
  afterAll(async () => {
    await server?.stop();
    for (const db of handles) await db.destroy();
  });

  it("copies every row and upload, verifies them, and the app runs on the copy", { timeout: 180_000 }, async () => {
    const dir = `${inject("runDir")}db-copy-${process.pid}/`;
    mkdirSync(dir, { recursive: true });
    const sqlitePath = `${dir}pasok.db`;
    const uploads = `${dir}uploads`;
    // A database as `npm start` leaves it on first start: migrated, demo data, uploads in the folder.
    await run(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts"], { ...ENV, DATABASE_PATH: sqlitePath, UPLOADS_DIR: uploads, PASOK_DEMO_DATA: "on" });
    const target = await newPostgresDatabase("copy_target");

    const output = await run(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", sqlitePath, "--to", target, "--uploads", uploads], ENV);
    expect(output).toMatch(/Verified \d+ tables, \d+ rows: counts and checksums equal on both sides/);
    expect(output).toMatch(/Uploads: [1-9]\d* file\(s\)/);

    // Checked again here, independently of the tool's own report.
    const source = createDb(sqlitePath);
    const copy = createDb(target, { poolSize: 2 });
    handles.push(source, copy);
    const tables = await planTables(source);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["users", "organizations", "rfqs", "bids", "orders", "invoices", "audit_log"]));
    // (Two tables differ on purpose: the tool queued every document for the target's own index, and moved the
    // uploads from the folder into stored_file_chunks.)
    for (const table of tables.filter((t) => t.name !== "search_outbox" && t.name !== "stored_file_chunks")) expect(await tableChecksum(copy, table)).toEqual(await tableChecksum(source, table));
    const [{ n }] = (await sql<{ n: number }>`select count(distinct storage_key) as n from stored_file_chunks`.execute(copy)).rows as [{ n: number }];
    const files = await source.selectFrom("listing_files").select("storage_key").execute();
    expect(Number(n)).toBeGreaterThanOrEqual(files.length);

    // A second copy into the same (no longer empty) database is refused, changing nothing.
    await expect(run(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", sqlitePath, "--to", target, "--skip-uploads"], ENV)).rejects.toThrow(/not empty/);

    // The app on the copy: the first start indexes the queued documents, new rows get new ids.
    server = await startServer({ name: "copied", database: target, env: { PASOK_DEMO_DATA: "off" } });
    const kbj = await fetch(`${server.url}/suppliers/koperasi-batur-jaya`);
    expect(kbj.status).toBe(200);
    expect(await kbj.text()).toContain("Koperasi Batur Jaya");
    const search = await (await fetch(`${server.url}/suppliers?q=${encodeURIComponent("blok rem komposit")}`)).text();
    expect(search).toContain("Koperasi Batur Jaya");

    const user = await copy.selectFrom("users").select("id").where("email", "=", "kai@demo.pasok.id").executeTakeFirstOrThrow();
    const membership = await copy.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).executeTakeFirstOrThrow();
    const { token, session } = await createSession(copy, { userId: user.id, organizationId: membership.organization_id, now: new Date() });
    await markSessionTwoFactorVerified(copy, session.id);
    const cookie = (await serializeSessionCookie(new Request("http://127.0.0.1/"), token)).split(";")[0]!;
    // One of KAI's own documents (its PPN collector letter): its members may always open it.
    const file = await copy
      .selectFrom("listing_files")
      .select(["id", "byte_size"])
      .where("content_type", "=", "application/pdf")
      .where("organization_id", "=", membership.organization_id)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const served = await fetch(`${server.url}/files/${file.id}`, { headers: { Cookie: cookie } });
    expect(served.status).toBe(200);
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes.byteLength).toBe(file.byte_size);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");

    // Sequences were set past the copied ids: a new audit row gets the next id, no collision.
    const before = await copy.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
    const inserted = await copy
      .insertInto("audit_log")
      .values({ entity_type: "test", entity_id: "1", action: "copy-check", detail: "{}", created_at: new Date().toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBeGreaterThan(Number(before.max));
  });
});
