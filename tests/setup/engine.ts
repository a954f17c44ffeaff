// Which database engine this Vitest run tests. `npm test` runs the whole suite twice: on SQLite (the default)
// and, with TEST_ENGINE=postgres and TEST_DATABASE_URL (a server where the test user may create databases),
// on PostgreSQL. Each test file gets its own database either way: a copy of one migrated SQLite file, or a
// PostgreSQL database created from one migrated template.

export type TestEngine = "sqlite" | "postgres";

export function testEngine(): TestEngine {
  return process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";
}

/** The URL of database `name` on the same server as TEST_DATABASE_URL. */
export function postgresUrlFor(name: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Why a test that only makes sense on one engine is skipped on this run, or null when it runs. */
export function onlyOn(engine: TestEngine, why: string): string | null {
  return testEngine() === engine ? null : `${engine} only: ${why}`;
}
