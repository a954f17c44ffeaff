import { sql, type Kysely } from "kysely";
import { engineOf } from "./dialect";

/**
 * Replaces a CHECK written in a table's definition (`from` → `to`, e.g. the list of a status column's values).
 * PostgreSQL drops and adds the named constraint. SQLite cannot alter a CHECK: the table is rebuilt by SQLite's
 * documented procedure (foreign keys off, new table, copy, drop, rename, indexes and triggers again, then a
 * foreign-key check), inside the migration.
 */
export async function replaceCheck(db: Kysely<any>, options: { table: string; constraint: string; from: string; to: string }): Promise<void> {
  const { table, constraint, from, to } = options;
  if (engineOf(db) === "postgres") {
    await sql.raw(`alter table ${table} drop constraint if exists ${constraint}`).execute(db);
    await sql.raw(`alter table ${table} add constraint ${constraint} check (${to})`).execute(db);
    return;
  }
  const definition = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const ddl = definition.rows[0]?.sql;
  if (!ddl || !ddl.includes(from)) throw new Error(`${table}: the check "${from}" is not in its definition`);
  const others = await sql<{ sql: string }>`select sql from sqlite_master where tbl_name = ${table} and type in ('index', 'trigger') and sql is not null`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    const rebuilt = `${table}_rebuilt`;
    await sql.raw(ddl.replace(from, to).replace(new RegExp(`^CREATE TABLE "?${table}"?`, "i"), `CREATE TABLE "${rebuilt}"`)).execute(db);
    await sql.raw(`insert into ${rebuilt} select * from ${table}`).execute(db);
    await sql.raw(`drop table ${table}`).execute(db);
    await sql.raw(`alter table ${rebuilt} rename to ${table}`).execute(db);
    for (const row of others.rows) await sql.raw(row.sql).execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`${table}: foreign keys broken by the rebuild`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
