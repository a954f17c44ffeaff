// `npm test`'s second Vitest run: the whole suite again on PostgreSQL (tests/setup/engine.ts), each test file in
// its own database created from one migrated template. It needs TEST_DATABASE_URL, a PostgreSQL server where
// this user may create databases; `.ci/run` starts a throwaway one and sets it (and TEST_REQUIRE_POSTGRES=1,
// so CI fails instead of skipping). Without it, the run is skipped, saying so and why.
import { spawnSync } from "node:child_process";
import pg from "pg";

const url = process.env.TEST_DATABASE_URL;
const required = process.env.TEST_REQUIRE_POSTGRES === "1";

function skip(why) {
  const message = `PostgreSQL run SKIPPED: ${why}`;
  if (required) {
    console.error(`${message} — and TEST_REQUIRE_POSTGRES=1 says it must run.`);
    process.exit(1);
  }
  console.log(`\n::: ${message}.\n    The suite ran on SQLite only. To run it on PostgreSQL too: .ci/postgres start /tmp/pasok-pg prints a URL;\n    TEST_DATABASE_URL=<that URL> npm test (README, "Tests").\n`);
  process.exit(0);
}

if (!url) skip("TEST_DATABASE_URL is not set");
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
try {
  await client.connect();
  await client.query("select 1");
} catch (error) {
  skip(`no PostgreSQL answers at TEST_DATABASE_URL (${error instanceof Error ? error.message : error})`);
} finally {
  await client.end().catch(() => {});
}

console.log("\n::: Vitest on PostgreSQL");
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_ENGINE: "postgres" },
});
process.exit(result.status ?? 1);
