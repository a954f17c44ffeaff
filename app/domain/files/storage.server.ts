import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import type { Db, DbOrTrx } from "../../../db/client";
import { config } from "../../config.server";
import { getDb } from "../../db.server";

// Where uploads (certificates, TKDN documents, product photos, drawings, bid attachments) are kept: one
// interface, two backends. `local` writes UPLOADS_DIR on this machine's disk — the one-machine default.
// `database` keeps them in the app's database, 256 KiB to a row (stored_file_chunks), so any number of app
// servers behind a load balancer share them with nothing on their disks; it is the default on PostgreSQL.
// Files are written once under a new random key and never changed; a file is read back as a stream of chunks,
// so serving a 25 MB drawing never holds more than a chunk of it in memory.

export interface FileStorage {
  readonly name: "local" | "database";
  /**
   * Keeps the bytes under `key` (new: never overwrites). `within` is the caller's database handle or open
   * transaction: the database backend writes through it, so a file stored inside a transaction commits (or
   * rolls back) with it — and never waits on a second connection for the write lock its caller holds.
   */
  put(key: string, bytes: Uint8Array, within?: DbOrTrx): Promise<void>;
  /** The file's bytes as a stream, chunk by chunk. */
  open(key: string): Promise<ReadableStream<Uint8Array>>;
}

export const CHUNK_BYTES = 256 * 1024;

export function localStorage(folder: string): FileStorage {
  const dir = resolve(folder);
  return {
    name: "local",
    async put(key, bytes) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, key), bytes, { flag: "wx" });
    },
    async open(key) {
      const path = join(dir, key);
      await stat(path); // a missing file fails here, before the response starts
      return Readable.toWeb(createReadStream(path, { highWaterMark: CHUNK_BYTES })) as ReadableStream<Uint8Array>;
    },
  };
}

export function databaseStorage(db: () => Db): FileStorage {
  return {
    name: "database",
    async put(key, bytes, within) {
      const write = async (trx: DbOrTrx) => {
        for (let position = 0, offset = 0; offset < bytes.byteLength || position === 0; position++, offset += CHUNK_BYTES) {
          await trx
            .insertInto("stored_file_chunks")
            .values({ storage_key: key, position, bytes: Buffer.from(bytes.subarray(offset, offset + CHUNK_BYTES)) })
            .execute();
        }
      };
      // In one transaction: a file is all there or not at all.
      const handle = within ?? db();
      await (handle.isTransaction ? write(handle) : handle.transaction().execute(write));
    },
    async open(key) {
      const first = await db().selectFrom("stored_file_chunks").select("bytes").where("storage_key", "=", key).where("position", "=", 0).executeTakeFirst();
      if (!first) throw new Error(`stored file ${key} not found`);
      let position = 0;
      return new ReadableStream<Uint8Array>({
        pull: async (controller) => {
          if (position === 0) {
            controller.enqueue(new Uint8Array(first.bytes));
            position = 1;
            return;
          }
          const chunk = await db().selectFrom("stored_file_chunks").select("bytes").where("storage_key", "=", key).where("position", "=", position).executeTakeFirst();
          if (!chunk) return controller.close();
          controller.enqueue(new Uint8Array(chunk.bytes));
          position++;
        },
      });
    },
  };
}

let storage: FileStorage | undefined;

/** The configured storage (FILE_STORAGE; default `database` with DATABASE_URL, else `local` in UPLOADS_DIR). */
export function fileStorage(): FileStorage {
  if (storage) return storage;
  const { FILE_STORAGE, UPLOADS_DIR } = config();
  const kind = FILE_STORAGE ?? (process.env.DATABASE_URL ? "database" : "local");
  storage = kind === "database" ? databaseStorage(getDb) : localStorage(UPLOADS_DIR);
  return storage;
}

/**
 * Keeps bytes under a new random key (the owner's id first) and returns the key and the bytes' SHA-256; `within`
 * is the caller's handle or transaction (see FileStorage.put).
 */
export async function storeFile(ownerId: number, bytes: Uint8Array, within?: DbOrTrx): Promise<{ storageKey: string; sha256: string }> {
  const storageKey = `${ownerId}-${randomBytes(16).toString("hex")}`;
  await fileStorage().put(storageKey, bytes, within);
  return { storageKey, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** A stored file as a stream. */
export function openStoredFile(storageKey: string): Promise<ReadableStream<Uint8Array>> {
  return fileStorage().open(storageKey);
}
