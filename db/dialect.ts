import {
  ColumnDefinitionNode,
  DataTypeNode,
  GeneratedNode,
  OperationNodeTransformer,
  PostgresAdapter,
  PrimitiveValueListNode,
  ValueNode,
  sql,
  type Expression,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RawBuilder,
  type RootOperationNode,
  type SelectQueryBuilder,
  type UnknownRow,
} from "kysely";
import { jsonArrayFrom as postgresJsonArrayFrom } from "kysely/helpers/postgres";
import { jsonArrayFrom as sqliteJsonArrayFrom } from "kysely/helpers/sqlite";

// The one place where SQL differs between the two engines. Everything else — the schema types, the migrations'
// column lists, every query — is written once. A caller asks `sqlFor(db)` for the piece it needs; no other
// module tests which engine it runs on.

export type Engine = "sqlite" | "postgres";

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

export interface EngineSql {
  readonly engine: Engine;
  /** The current time as the app stores it: ISO 8601 UTC text with milliseconds. */
  now(): RawBuilder<string>;
  /** A text field of a JSON document kept in a text column (`data->>'clusterCode'`). */
  jsonText(document: Expression<unknown> | RawBuilder<unknown>, key: string): RawBuilder<string | null>;
  /** Whether some element of the JSON array at `key` of the document satisfies `where(element)`. */
  jsonArraySome(
    document: Expression<unknown> | RawBuilder<unknown>,
    key: string,
    where: (elementText: (field: string) => RawBuilder<string | null>) => RawBuilder<unknown>,
  ): RawBuilder<boolean>;
  /** Case-insensitive "contains" with the pattern's `%`, `_` and `\` taken literally. */
  containsText(column: Expression<unknown> | RawBuilder<unknown>, text: string): RawBuilder<boolean>;
  /** `column` (a plain column name, written into the SQL as it is) starts with a lower-case letter or digit. */
  startsLowerAlnum(column: string): RawBuilder<boolean>;
  /** Concatenates `value` over a group, in no particular order, with `separator` between. */
  concatAll(value: RawBuilder<unknown>, separator: RawBuilder<unknown>): RawBuilder<string | null>;
  /** The character with the given code point. */
  char(code: RawBuilder<unknown>): RawBuilder<string>;
  /**
   * The rows a worker claims: on PostgreSQL locked FOR UPDATE SKIP LOCKED (a row another worker is claiming is
   * passed over, not waited for); on SQLite as they are (the claim runs in the one write transaction).
   */
  skipLocked<QB extends SelectQueryBuilder<any, any, any>>(query: QB): QB;
  /** A subquery's rows as one JSON array column (parsed by `parseJsonColumn`). */
  jsonArrayFrom: typeof sqliteJsonArrayFrom;
}

/** A JSON column from `jsonArrayFrom`: SQLite hands it back as text, PostgreSQL (through `pg`) already parsed. */
export function parseJsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const likePattern = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

const SQLITE: EngineSql = {
  engine: "sqlite",
  now: () => sql<string>`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  jsonText: (document, key) => sql<string | null>`json_extract(${document}, ${`$.${key}`})`,
  jsonArraySome: (document, key, where) =>
    sql<boolean>`exists (select 1 from json_each(${document}, ${`$.${key}`}) element
      where ${where((field) => sql<string | null>`json_extract(element.value, ${`$.${field}`})`)})`,
  containsText: (column, text) => sql<boolean>`${column} like ${likePattern(text)} escape '\\'`,
  startsLowerAlnum: (column) => sql<boolean>`${sql.raw(column)} glob '[a-z0-9]*'`,
  concatAll: (value, separator) => sql<string | null>`group_concat(${value}, ${separator})`,
  char: (code) => sql<string>`char(${code})`,
  jsonArrayFrom: sqliteJsonArrayFrom,
  skipLocked: (query) => query,
};

const POSTGRES: EngineSql = {
  engine: "postgres",
  now: () => sql<string>`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
  jsonText: (document, key) => sql<string | null>`((${document})::jsonb ->> ${key})`,
  jsonArraySome: (document, key, where) =>
    sql<boolean>`exists (select 1 from jsonb_array_elements(coalesce((${document})::jsonb -> ${key}, '[]'::jsonb)) element
      where ${where((field) => sql<string | null>`(element ->> ${field})`)})`,
  containsText: (column, text) => sql<boolean>`${column} ilike ${likePattern(text)}`,
  startsLowerAlnum: (column) => sql<boolean>`${sql.raw(column)} ~ '^[a-z0-9]'`,
  concatAll: (value, separator) => sql<string | null>`string_agg(${value}, ${separator})`,
  char: (code) => sql<string>`chr((${code})::int)`,
  jsonArrayFrom: postgresJsonArrayFrom,
  skipLocked: (query) => query.forUpdate().skipLocked() as typeof query,
};

export function sqlFor(db: Kysely<any>): EngineSql {
  return engineOf(db) === "postgres" ? POSTGRES : SQLITE;
}

/**
 * Column types in the migrations are written once, in SQLite's words (`integer`, `real`, `blob`,
 * `autoIncrement()`). On PostgreSQL this plugin gives each its PostgreSQL type: every integer becomes `bigint`
 * (ids, rupiah amounts and counts share one 64-bit integer type on both engines; `pg` hands them back as
 * numbers, see db/client.ts), `real` becomes `double precision` (SQLite's REAL is 8 bytes), `blob` becomes
 * `bytea`, and an integer primary key (SQLite's rowid, numbered by itself) becomes `generated by default as identity`. The SQLite DDL is untouched.
 */
export class PortableDdlPlugin implements KyselyPlugin {
  readonly #transformer = new PortableDdlTransformer();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const POSTGRES_TYPES: Record<string, string> = { integer: "bigint", real: "double precision", blob: "bytea" };

class PortableDdlTransformer extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const transformed = super.transformColumnDefinition(node);
    const type = DataTypeNode.is(transformed.dataType) ? POSTGRES_TYPES[transformed.dataType.dataType] : undefined;
    return {
      ...transformed,
      dataType: type ? DataTypeNode.create(type as never) : transformed.dataType,
      // SQLite numbers an `integer primary key` by itself (it is the rowid), autoIncrement or not.
      ...(transformed.autoIncrement || (transformed.primaryKey && type === "bigint")
        ? { autoIncrement: false, generated: GeneratedNode.create({ byDefault: true, identity: true }) }
        : {}),
    };
  }
}

/**
 * PostgreSQL's text cannot hold U+0000 (SQLite's can), so a NUL typed or pasted into any field would fail the
 * statement. On PostgreSQL every text parameter has its NULs replaced by U+FFFD before it is sent: the input is
 * kept, visibly marked, and the request answers as it would on SQLite. Bytes (bytea) are not touched.
 */
export class NulFreeTextPlugin implements KyselyPlugin {
  readonly #transformer = new NulFreeTextTransformer();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const withoutNul = (value: unknown) => (typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "\ufffd") : value);

class NulFreeTextTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? node : { ...node, value };
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => withoutNul(v) !== v) ? { ...node, values: node.values.map(withoutNul) } : node;
  }
}
