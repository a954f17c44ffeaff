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
