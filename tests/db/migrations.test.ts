import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { NO_MIGRATIONS, sql } from "kysely";
import { getDb } from "../../app/db.server";
import { createDb, type Db } from "../../db/client";
import { createMigrator, migrateToLatest } from "../../db/migrator";
import { migrations } from "../../db/migrations/index";
import { onlyOn, testEngine } from "../setup/engine";
import { newPostgresDatabase } from "../support/server";

const BASE_DB_PATH = inject("baseDbPath");
const sqliteOnly = onlyOn("sqlite", "SQLite's file, pragmas and schema text");
if (sqliteOnly) console.log(`[migrations] some tests skipped: ${sqliteOnly}`);

/** A new, empty database on this run's engine (a new SQLite file, or a new PostgreSQL database). */
async function emptyDatabase(name: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const db =
    testEngine() === "sqlite" ? createDb(`${inject("runDir")}${name}_${process.pid}_${Date.now()}.db`) : createDb(await newPostgresDatabase(name), { poolSize: 1 });
  return { db, drop: () => db.destroy() };
}

describe("migrations", () => {
  it("lists every migration file in db/migrations/index.ts, in timestamp order", () => {
    const folder = fileURLToPath(new URL("../../db/migrations/", import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => /^\d{8}_\d{4}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("leaves each test file's database fully migrated", async () => {
    const status = await createMigrator(getDb()).getMigrations();
    expect(status.length).toBe(Object.keys(migrations).length);
    expect(status.every((m) => m.executedAt)).toBe(true);
  });

  it("runs every migration up from an empty database, all the way down, and up again", async () => {
    const { db, drop } = await emptyDatabase("updown");
    try {
      await migrateToLatest(db);
      const down = await createMigrator(db).migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(down.results?.length).toBe(Object.keys(migrations).length);
      await migrateToLatest(db);
      expect((await createMigrator(db).getMigrations()).every((m) => m.executedAt)).toBe(true);
    } finally {
      await drop();
    }
  });

  // A new migration changes the schema: then (and only then) update the snapshot (vitest -u) and read its diff.
  it.skipIf(sqliteOnly)("leaves SQLite's schema exactly as the shipped migrations wrote it (they are frozen)", async () => {
    const rows = await sql<{ type: string; name: string; sql: string | null }>`select type, name, sql from sqlite_master
      where name not like 'kysely_%' order by name`.execute(getDb());
    await expect(rows.rows.map((r) => `${r.type} ${r.name}: ${r.sql}`).join("\n") + "\n").toMatchFileSnapshot("./sqlite-schema.snapshot.txt");
  });

  it.skipIf(sqliteOnly)("leaves the test base database with WAL and foreign keys on", async () => {
    const db = createDb(BASE_DB_PATH);
    try {
      const sqlite = (await import("../../db/client")).openSqlite(BASE_DB_PATH);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      sqlite.close();
    } finally {
      await db.destroy();
    }
  });

  it.skipIf(sqliteOnly)("moves every indexed document's facet values to facet codes and back (0007), losing none", async () => {
    const path = `${inject("runDir")}facet-codes-${process.pid}-${Date.now()}.db`;
    const db = createDb(path);
    try {
      const migrator = createMigrator(db);
      expect((await migrator.migrateTo("20261123_0006_search_filters")).error).toBeUndefined();
      const facets = [
        [1, "processes", "sand_casting"],
        [1, "materials", "fc250"],
        [1, "provinceCode", "33"],
        [2, "processes", "sand_casting"],
        [2, "certificates", "iso9001"],
      ] as const;
      for (const id of [1, 2, 3]) {
        await sql`insert into supplier_search (id, sort_key, doc, facet_values, updated_at)
          values (${id}, ${`s${id}`}, '{}', 'stale', '2026-11-23T00:00:00Z')`.execute(db);
      }
      for (const [id, facet, value] of facets) {
        await sql`insert into supplier_search_facets (doc_id, facet, value) values (${id}, ${facet}, ${value})`.execute(db);
      }

      expect((await migrator.migrateTo("20261123_0007_search_facet_codes")).error).toBeUndefined();
      const codes = new Map(
        (await sql<{ code: number; facet: string; value: string }>`select code, facet, value from search_facet_codes where entity = 'supplier'`.execute(db)).rows.map(
          (r) => [r.code, `${r.facet}=${r.value}`],
        ),
      );
      expect(codes.size).toBe(4);
      const decoded = async (id: number) => {
        const row = await sql<{ facet_codes: string }>`select facet_codes from supplier_search where id = ${id}`.execute(db);
        return [...row.rows[0]!.facet_codes].map((ch) => codes.get(ch.charCodeAt(0) - 0xff)).sort();
      };
      expect(await decoded(1)).toEqual(["materials=fc250", "processes=sand_casting", "provinceCode=33"]);
      expect(await decoded(2)).toEqual(["certificates=iso9001", "processes=sand_casting"]);
      expect(await decoded(3)).toEqual([]);

      expect((await migrator.migrateTo("20261123_0006_search_filters")).error).toBeUndefined();
      const back = await sql<{ facet_values: string }>`select facet_values from supplier_search where id = 2`.execute(db);
      expect(back.rows[0]!.facet_values.split("\n").sort()).toEqual(["certificates\tiso9001", "processes\tsand_casting"]);
    } finally {
      await db.destroy();
    }
  });

  it("refuses rows that break the schema's rules (NIB length, kind, foreign keys)", async () => {
    const insert = (nib: string, kind: string) =>
      sql`insert into organizations (slug, kind, legal_name, nib, npwp, address, province_code, regency_code, phone)
        values (${`x-${Math.random()}`}, ${kind}, 'X', ${nib}, '012345678901000', 'a', '33', '33.10', '0272')`.execute(getDb());
    await expect(insert("123", "buyer")).rejects.toThrow(/check/i);
    await expect(insert("9120001234567", "pirate")).rejects.toThrow(/check/i);
    await expect(sql`insert into memberships (organization_id, user_id, role) values (999999, 999999, 'owner')`.execute(getDb())).rejects.toThrow(/foreign key/i);
  });
});
