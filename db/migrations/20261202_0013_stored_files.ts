import type { Kysely } from "kysely";

// Issue 15 #3: uploads in the database, for app servers that share no disk (app/domain/files/storage.server.ts,
// FILE_STORAGE=database). A file is its chunks, in order, each at most 256 KiB, written and read one chunk at
// a time; the files' metadata stays in listing_files and rfq_files, which name it by storage_key.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stored_file_chunks")
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    .addPrimaryKeyConstraint("stored_file_chunks_pk", ["storage_key", "position"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stored_file_chunks").execute();
}
