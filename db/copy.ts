import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "./client";
import { engineOf } from "./dialect";
import { createMigrator, migrateToLatest } from "./migrator";

// Moving house (`npm run db:copy`): a live SQLite database into an empty PostgreSQL one. The target is migrated
// to the same version as the source first, so both have the same tables; then every table is copied in
// primary-key order, parents before children (the foreign keys hold at every step), in batches, and checked:
// the same number of rows and the same SHA-256 over every row's values on both sides. Identity sequences are
// set past the copied ids. The search index's own tables are not copied: the target indexes everything again
// (its engine's tables differ: FTS5 on SQLite, a tsvector on PostgreSQL).

/** Tables the copy leaves out: SQLite's FTS5 index and the search engine's document tables, rebuilt on the target. */
const SEARCH_INDEX_TABLE = /^(supplier|rfq)_(fts.*|search|search_facets|search_text)$|^search_(facet_codes|state)$/;

export interface TablePlan {
  name: string;
  /** The primary key's columns, in order (the copy's and the checksum's row order). */
  key: string[];
  columns: string[];
  /** Whether `id` is an identity column on the target (its sequence is set after the copy). */
  identity: boolean;
}

export interface CopyProgress {
  table: string;
  copiedRows: number;
  totalRows: number;
}

export interface TableReport {
  table: string;
  rows: number;
  checksum: string;
}

/** The source's tables, parents first, with their keys and columns (from SQLite's own catalogue). */
export async function planTables(source: Db): Promise<TablePlan[]> {
  const tables = (
    await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
      and name not like 'kysely_%' order by name`.execute(source)
  ).rows
    .map((r) => r.name)
    .filter((name) => !SEARCH_INDEX_TABLE.test(name));
  const info = new Map<string, { columns: string[]; key: string[]; parents: string[]; autoincrement: boolean }>();
  for (const name of tables) {
    const columns = (await sql<{ name: string; pk: number; type: string }>`select name, pk, type from pragma_table_info(${name})`.execute(source)).rows;
    const parents = (await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(source)).rows.map((r) => r.table);
    const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    info.set(name, {
      columns: columns.map((c) => c.name),
      key: key.length > 0 ? key : columns.map((c) => c.name),
      parents: parents.filter((p) => p !== name && tables.includes(p)),
      autoincrement: key.length === 1 && key[0] === "id" && columns.find((c) => c.name === "id")?.type.toLowerCase() === "integer",
    });
  }
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new Error(`db:copy: foreign keys form a cycle: ${[...path, name].join(" → ")}`);
    for (const parent of info.get(name)!.parents) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of tables) visit(name, []);
  return ordered.map((name) => {
    const t = info.get(name)!;
    return { name, key: t.key, columns: t.columns, identity: t.autoincrement };
  });
}

const orderBy = (key: string[]) => sql.join(key.map((k) => sql.ref(k)));

/** Rows of a table in key order, a batch at a time (keyset pagination would need per-table key types; offsets are fine for a one-off copy). */
async function* batches(db: Db, table: TablePlan, size: number): AsyncGenerator<Record<string, unknown>[]> {
  for (let offset = 0; ; offset += size) {
    const rows = (
      await sql<Record<string, unknown>>`select ${sql.join(table.columns.map((c) => sql.ref(c)))} from ${sql.table(table.name)}
        order by ${orderBy(table.key)} limit ${size} offset ${offset}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < size) return;
  }
}

/** A value as both engines give it back, for the checksum: bytes as hex, numbers as their shortest text. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return "\u0000null";
  if (value instanceof Uint8Array) return `\u0000bytes:${Buffer.from(value).toString("hex")}`;
  return `${typeof value}:${String(value)}`;
}

const MOD = 1n << 256n;

/** Tables the migrations themselves fill with reference rows; every other table of the target must be empty. */
const MIGRATION_SEEDED_TABLES = ["capabilities", "ladder_stages", "partnership_targets", "ppn_rules", "tax_settings"];

/**
 * The table's row count and checksum: the sum (mod 2^256) of every row's SHA-256 over its values. A sum does
 * not depend on the order rows come in, which differs between the engines for text keys (collations).
 */
export async function tableChecksum(db: Db, table: TablePlan, batchSize = 2000): Promise<TableReport> {
  let sum = 0n;
  let rows = 0;
  for await (const batch of batches(db, table, batchSize)) {
    for (const row of batch) {
      const digest = createHash("sha256").update(table.columns.map((c) => canonical(row[c])).join("\u0001")).digest("hex");
      sum = (sum + BigInt(`0x${digest}`)) % MOD;
      rows++;
    }
  }
  return { table: table.name, rows, checksum: sum.toString(16).padStart(64, "0") };
}

async function migrationNames(db: Db): Promise<string[]> {
  return (await createMigrator(db).getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
}

/**
 * Copies the SQLite database `source` into the PostgreSQL database `target` (migrated here if it is not yet,
 * and refused unless every copied table is empty), verifies every table and sets the sequences. Returns each
 * table's count and checksum (equal on both sides, or it throws saying which table differs).
 */
export async function copyDatabase(
  source: Db,
  target: Db,
  options: { batchSize?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<TableReport[]> {
  if (engineOf(source) !== "sqlite") throw new Error("db:copy: the source must be a SQLite database file");
  if (engineOf(target) !== "postgres") throw new Error("db:copy: the target must be a postgres:// URL");
  const batchSize = options.batchSize ?? 1000;
  const sourceVersion = await migrationNames(source);
  const pending = (await createMigrator(source).getMigrations()).filter((m) => !m.executedAt);
  if (pending.length > 0) throw new Error(`db:copy: the source is not migrated to the latest version (run \`npm run db:migrate\` on it first): ${pending.map((m) => m.name).join(", ")}`);
  await migrateToLatest(target);
  const targetVersion = await migrationNames(target);
  if (targetVersion.join() !== sourceVersion.join()) throw new Error("db:copy: source and target are at different migration versions");

  const tables = await planTables(source);
  const totals = new Map<string, number>();
  for (const table of tables) {
    const [{ n }] = (await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(source)).rows as [{ n: number }];
    totals.set(table.name, Number(n));
    // The migrations seed reference data (the taxonomy, the default ladder, the ministry's targets): those
    // tables may hold their migration's rows, which the source's rows replace.
    const [{ m }] = (await sql<{ m: number }>`select count(*) as m from ${sql.table(table.name)}`.execute(target)).rows as [{ m: number }];
    if (Number(m) > 0 && !MIGRATION_SEEDED_TABLES.includes(table.name)) {
      throw new Error(`db:copy: the target is not empty (${table.name} has ${m} row(s)); copy into a new database`);
    }
  }

  await target.transaction().execute(async (trx) => {
    // A migrated target already holds what the migrations seed: the source's rows replace it (children first).
    for (const table of [...tables].reverse()) {
      if (MIGRATION_SEEDED_TABLES.includes(table.name)) await sql`delete from ${sql.table(table.name)}`.execute(trx);
    }
    for (const table of tables) {
      let copied = 0;
      for await (const rows of batches(source, table, batchSize)) {
        const columns = sql.join(table.columns.map((c) => sql.ref(c)));
        const values = sql.join(rows.map((row) => sql`(${sql.join(table.columns.map((c) => row[c]))})`));
        await sql`insert into ${sql.table(table.name)} (${columns}) ${table.identity ? sql`overriding system value` : sql``} values ${values}`.execute(trx);
        copied += rows.length;
        options.onProgress?.({ table: table.name, copiedRows: copied, totalRows: totals.get(table.name)! });
      }
      options.onProgress?.({ table: table.name, copiedRows: copied, totalRows: totals.get(table.name)! });
      if (table.identity) {
        await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce((select max(id) from ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
      }
    }
  });

  const reports: TableReport[] = [];
  for (const table of tables) {
    const [from, to] = await Promise.all([tableChecksum(source, table), tableChecksum(target, table)]);
    if (from.rows !== to.rows || from.checksum !== to.checksum) {
      throw new Error(`db:copy: ${table.name} differs after the copy (source ${from.rows} rows ${from.checksum.slice(0, 12)}…, target ${to.rows} rows ${to.checksum.slice(0, 12)}…)`);
    }
    reports.push(from);
  }
  return reports;
}
