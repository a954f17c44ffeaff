import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "../../db/client";
import { createMigrator } from "../../db/migrator";
import { migrations } from "../../db/migrations/index";

const BASE_DB_PATH = inject("baseDbPath");

describe("migrations", () => {
  it("lists every migration file in db/migrations/index.ts, in timestamp order", () => {
    const folder = fileURLToPath(new URL("../../db/migrations/", import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => /^\d{8}_\d{4}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it("leaves the test base database fully migrated, with WAL and foreign keys on", async () => {
    const db = createDb(BASE_DB_PATH);
    try {
      const status = await createMigrator(db).getMigrations();
      expect(status.every((m) => m.executedAt)).toBe(true);
      const sqlite = (await import("../../db/client")).openSqlite(BASE_DB_PATH);
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      sqlite.close();
    } finally {
      await db.destroy();
    }
  });

  it("refuses rows that break the schema's rules (NIB length, kind, foreign keys)", async () => {
    const sqlite = (await import("../../db/client")).openSqlite(process.env.DATABASE_PATH!);
    const insert = (nib: string, kind: string) =>
      sqlite
        .prepare(
          "insert into organizations (slug, kind, legal_name, nib, npwp, address, province_code, regency_code, phone) values (?, ?, 'X', ?, '012345678901000', 'a', '33', '33.10', '0272')",
        )
        .run(`x-${Math.random()}`, kind, nib);
    expect(() => insert("123", "buyer")).toThrow(/CHECK/);
    expect(() => insert("9120001234567", "pirate")).toThrow(/CHECK/);
    expect(() => sqlite.prepare("insert into memberships (organization_id, user_id, role) values (999999, 999999, 'owner')").run()).toThrow(
      /FOREIGN KEY/,
    );
    sqlite.close();
  });
});
