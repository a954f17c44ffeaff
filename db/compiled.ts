import type { CompiledQuery, Compilable, Kysely } from "kysely";

/**
 * A query the app runs on every request, compiled once per database handle instead of on every call: it is
 * built with a sentinel for its one varying value, and each call runs the same SQL with the sentinel's
 * parameter replaced by the value. Kysely's compiler and the statement cache then see one SQL text.
 */
export function compiledOnce<DB, Row>(build: (db: Kysely<DB>, value: string) => Compilable<Row>) {
  const SENTINEL = "\ue000compiled-once-parameter\ue000";
  const compiled = new WeakMap<object, CompiledQuery<Row>>();
  return async (db: Kysely<DB>, value: string): Promise<Row | undefined> => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db, SENTINEL).compile();
      if (!query.parameters.includes(SENTINEL)) throw new Error("compiledOnce: the query does not use its value");
      compiled.set(db, query);
    }
    const parameters = query.parameters.map((p) => (p === SENTINEL ? value : p));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows[0];
  };
}

type Value = string | number | null;
type Values = Record<string, Value | readonly Value[]>;

/**
 * `compiledOnce` for a query with several values and lists (`where id in (…)`): built with a sentinel in place
 * of each value (one per element of a list), compiled once per database handle and shape (the lists'
 * lengths), and run with each sentinel's parameter replaced by its value. The builder must only place its
 * values in the query (no arithmetic or branching on them): it runs once per shape, with sentinels. For the
 * reads a page runs many times (the bid comparison): Kysely's building and compiling cost more than SQLite
 * takes to answer them (`npm run bench:scale`). Values are ids, dates and statuses, never free text.
 */
export function compiledByShape<DB, Row, V extends Values>(build: (db: Kysely<DB>, values: V) => Compilable<Row>) {
  type Slot = { key: string; index: number } | { constant: unknown };
  const cache = new WeakMap<object, Map<string, { query: CompiledQuery<Row>; slots: Slot[] }>>();
  const sentinel = (key: string, index: number) => `\ue000compiled-by-shape:${key}:${index}\ue000`;
  return async (db: Kysely<DB>, values: V): Promise<Row[]> => {
    const keys = Object.keys(values).sort();
    const shape = keys.map((k) => (Array.isArray(values[k]) ? `${k}[${(values[k] as readonly Value[]).length}]` : k)).join(",");
    let byShape = cache.get(db);
    if (!byShape) cache.set(db, (byShape = new Map()));
    let entry = byShape.get(shape);
    if (!entry) {
      const stand = Object.fromEntries(
        keys.map((k) => [k, Array.isArray(values[k]) ? (values[k] as readonly Value[]).map((_, i) => sentinel(k, i)) : sentinel(k, -1)]),
      ) as unknown as V;
      const query = build(db, stand).compile();
      const wanted = new Map<unknown, { key: string; index: number }>();
      for (const k of keys) {
        if (Array.isArray(values[k])) (values[k] as readonly Value[]).forEach((_, i) => wanted.set(sentinel(k, i), { key: k, index: i }));
        else wanted.set(sentinel(k, -1), { key: k, index: -1 });
      }
      const slots: Slot[] = query.parameters.map((p) => wanted.get(p) ?? { constant: p });
      const used = new Set(slots.filter((s): s is { key: string; index: number } => "key" in s).map((s) => `${s.key}:${s.index}`));
      for (const [, slot] of wanted) if (!used.has(`${slot.key}:${slot.index}`)) throw new Error(`compiledByShape: the query does not use ${slot.key}`);
      entry = { query, slots };
      if (byShape.size >= 256) byShape.clear(); // list lengths vary; keep the cache bounded
      byShape.set(shape, entry);
    }
    const parameters = entry.slots.map((slot) =>
      "constant" in slot ? slot.constant : slot.index < 0 ? values[slot.key] : (values[slot.key] as readonly Value[])[slot.index],
    );
    return (await db.executeQuery<Row>({ ...entry.query, parameters })).rows;
  };
}
