import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import SQLite from "better-sqlite3";
import { describe, expect, inject, it } from "vitest";
import { backupDatabase, checkBackupFile, removeServerMark, restoreDatabase, writeServerMark } from "../../db/backup";
import { openSqlite } from "../../db/client";
import { onlyOn } from "../setup/engine";

// Issue 12: `npm run db:backup` while the server writes loses nothing acknowledged; `db:restore` refuses a
// running server and a damaged file, and keeps the database it replaces.

// On PostgreSQL, backups are the server's own (pg_dump / base backups; README, "Deployments").
const sqliteOnly = onlyOn("sqlite", "db:backup and db:restore copy the SQLite file");
if (sqliteOnly) console.log(`[backup] skipped: ${sqliteOnly}`);

function freshDatabase(name: string): string {
  const dir = `${inject("runDir")}backup-${name}-${process.pid}/`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}pasok.db`;
  copyFileSync(inject("baseDbPath"), path);
  const db = openSqlite(path);
  db.exec("create table load (id integer primary key, written_at text not null)");
  db.close();
  return path;
}

/** Another process writing one row per transaction as fast as it can; prints each id once committed. */
function startWriter(path: string) {
  const script = `
    const SQLite = require("better-sqlite3");
    const db = new SQLite(process.argv[1]);
    db.pragma("journal_mode = WAL"); db.pragma("busy_timeout = 5000"); db.pragma("synchronous = NORMAL");
    const insert = db.prepare("insert into load (written_at) values (?)");
    let stop = false; process.on("SIGTERM", () => { stop = true; });
    (function loop() {
      for (let i = 0; i < 20 && !stop; i++) { const r = insert.run(new Date().toISOString()); process.stdout.write(r.lastInsertRowid + "\\n"); }
      if (stop) { db.close(); process.exit(0); } else setImmediate(loop);
    })();`;
  const child = spawn(process.execPath, ["-e", script, path], { stdio: ["ignore", "pipe", "inherit"] });
  let acked = 0;
  let buffer = "";
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const l of lines) acked = Math.max(acked, Number(l));
  });
  return {
    acked: () => acked,
    stop: () => new Promise<void>((resolve) => (child.on("exit", () => resolve()), child.kill("SIGTERM"))),
  };
}

describe.skipIf(sqliteOnly)("db:backup", () => {
  it("copies a database that another process is writing to, losing no acknowledged write", { timeout: 60_000 }, async () => {
    const path = freshDatabase("load");
    // Enough data that the copy takes several steps.
    const seed = openSqlite(path);
    seed.exec("create table ballast (id integer primary key, text text)");
    const insert = seed.prepare("insert into ballast (text) values (?)");
    seed.transaction(() => {
      for (let i = 0; i < 4000; i++) insert.run("x".repeat(1000));
    })();
    seed.close();

    const writer = startWriter(path);
    while (writer.acked() < 300) await new Promise((r) => setTimeout(r, 20));
    const ackedBefore = writer.acked();
    const progress: number[] = [];
    const destination = `${path}.backup`;
    const { pages } = await backupDatabase(path, destination, ({ totalPages, remainingPages }) => progress.push(totalPages - remainingPages));
    const ackedAfterCopy = writer.acked();
    await writer.stop();

    expect(pages).toBeGreaterThan(900);
    expect(progress.length).toBeGreaterThan(2);
    // The writer kept going (how many it managed during the copy depends on the machine's load).
    expect(ackedAfterCopy).toBeGreaterThanOrEqual(ackedBefore);
    const copy = new SQLite(destination, { readonly: true });
    const { n, max } = copy.prepare("select count(*) as n, max(id) as max from load").get() as { n: number; max: number };
    copy.close();
    // Every write acknowledged before the backup started is in it, with no gap: nothing lost.
    expect(max).toBeGreaterThanOrEqual(ackedBefore);
    expect(n).toBe(max);
    expect(checkBackupFile(destination)).toEqual({ ok: true });
    console.log(`[backup] ${pages} pages copied while another process wrote; ${ackedBefore} writes acknowledged before, ${max} in the copy, 0 lost`);
  });

  it("refuses to overwrite an existing file", async () => {
    const path = freshDatabase("exists");
    writeFileSync(`${path}.taken`, "x");
    await expect(backupDatabase(path, `${path}.taken`)).rejects.toThrow(/already exists/);
  });
});

describe.skipIf(sqliteOnly)("db:restore", () => {
  it("refuses while a server runs on the database, then restores and keeps the replaced database", async () => {
    const path = freshDatabase("restore");
    const live = openSqlite(path);
    live.prepare("insert into load (written_at) values ('before backup')").run();
    live.close();
    await backupDatabase(path, `${path}.bak`);
    const later = openSqlite(path);
    later.prepare("insert into load (written_at) values ('after backup')").run();
    later.close();

    writeServerMark(path);
    expect(() => restoreDatabase(`${path}.bak`, path)).toThrow(/is running on/);
    removeServerMark(path);

    const { keptAs } = restoreDatabase(`${path}.bak`, path);
    const restored = new SQLite(path, { readonly: true });
    expect((restored.prepare("select written_at from load order by id").all() as { written_at: string }[]).map((r) => r.written_at)).toEqual(["before backup"]);
    restored.close();
    expect(keptAs && existsSync(keptAs)).toBeTruthy();
    const kept = new SQLite(keptAs!, { readonly: true });
    expect((kept.prepare("select count(*) as n from load").get() as { n: number }).n).toBe(2);
    kept.close();
  });

  it("refuses a damaged file and a file that is not a Pasok database, changing nothing", () => {
    const path = freshDatabase("damaged");
    const dir = path.slice(0, path.lastIndexOf("/") + 1);
    writeFileSync(`${dir}garbage.db`, Buffer.alloc(8192, 7));
    const other = new SQLite(`${dir}other.db`);
    other.exec("create table t (x)");
    other.close();
    const filesBefore = readdirSync(dir).sort();
    expect(() => restoreDatabase(`${dir}garbage.db`, path)).toThrow(/Not restored/);
    expect(() => restoreDatabase(`${dir}other.db`, path)).toThrow(/not a Pasok database/);
    expect(() => restoreDatabase(`${dir}missing.db`, path)).toThrow(/does not exist/);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });
});
