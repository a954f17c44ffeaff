import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import SQLite from "better-sqlite3";

// Backup and restore of the SQLite file, safe while the server writes. A plain `cp` of a live WAL database
// loses what is still in the -wal file; SQLite's online backup API copies through SQLite itself, so the copy is
// one consistent snapshot with every committed write up to that moment.

/** The marker a running server keeps next to its database: its process id. */
export function serverMarkPath(databasePath: string): string {
  return `${databasePath}.server-pid`;
}

export function writeServerMark(databasePath: string): void {
  writeFileSync(serverMarkPath(databasePath), String(process.pid));
}

export function removeServerMark(databasePath: string): void {
  rmSync(serverMarkPath(databasePath), { force: true });
}

/** The pid of a server running on this database, or null (a marker left by a killed server does not count). */
export function runningServerPid(databasePath: string): number | null {
  const mark = serverMarkPath(databasePath);
  if (!existsSync(mark)) return null;
  const pid = Number(readFileSync(mark, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/**
 * Copies the live database at `source` into `destination` (a new file) with SQLite's online backup API, in
 * steps of 256 pages so a progress bar can move. A write by another connection makes SQLite restart the copy;
 * after a restart the rest is copied in one step, so the backup ends even under constant writes. The copy is
 * checked with `PRAGMA integrity_check` before it is reported done.
 */
export async function backupDatabase(source: string, destination: string, onProgress?: (p: BackupProgress) => void): Promise<{ pages: number }> {
  if (existsSync(destination)) throw new Error(`${destination} already exists; choose a new file name.`);
  const db = new SQLite(source, { fileMustExist: true, readonly: true });
  try {
    let lastRemaining = Number.POSITIVE_INFINITY;
    let restarted = false;
    const partial = `${destination}.partial`;
    rmSync(partial, { force: true });
    const result = await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        if (remainingPages > lastRemaining) restarted = true;
        lastRemaining = remainingPages;
        onProgress?.({ totalPages, remainingPages });
        return restarted ? 0x7fffffff : 256; // after a restart: the rest in one step
      },
    });
    onProgress?.({ totalPages: result.totalPages, remainingPages: 0 });
    const check = new SQLite(partial, { readonly: true });
    try {
      const verdict = check.pragma("integrity_check", { simple: true });
      if (verdict !== "ok") throw new Error(`The copy failed its integrity check: ${String(verdict)}`);
    } finally {
      check.close();
    }
    fsyncFile(partial);
    renameSync(partial, destination);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

export function checkBackupFile(file: string): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(file)) return { ok: false, reason: `${file} does not exist.` };
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const verdict = db.pragma("integrity_check", { simple: true });
    if (verdict !== "ok") return { ok: false, reason: `integrity check: ${String(verdict)}` };
    const migrations = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number };
    if (migrations.n !== 1) return { ok: false, reason: "it is not a Pasok database (no migrations table)." };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/**
 * Puts a backup in place of the database. Refuses while a server runs on it and when the backup fails its
 * integrity check. The database being replaced is kept beside it (`…before-restore-<time>`), never deleted.
 */
export function restoreDatabase(backup: string, databasePath: string, now = new Date()): { keptAs: string | null } {
  const pid = runningServerPid(databasePath);
  if (pid !== null) throw new Error(`A Pasok server (pid ${pid}) is running on ${databasePath}. Stop it first.`);
  const check = checkBackupFile(backup);
  if (!check.ok) throw new Error(`Not restored: ${check.reason}`);
  const staged = `${databasePath}.restoring`;
  copyFileSync(backup, staged);
  fsyncFile(staged);
  let keptAs: string | null = null;
  if (existsSync(databasePath)) {
    // Fold the old database's WAL into it first, so what is kept is whole.
    const old = new SQLite(databasePath);
    old.pragma("wal_checkpoint(TRUNCATE)");
    old.close();
    keptAs = `${databasePath}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    renameSync(databasePath, keptAs);
  }
  rmSync(`${databasePath}-wal`, { force: true });
  rmSync(`${databasePath}-shm`, { force: true });
  renameSync(staged, databasePath);
  return { keptAs };
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
