import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { inject } from "vitest";
import { postgresUrlFor, testEngine } from "../setup/engine";
import { freePort, serveArguments } from "../../scripts/server-process";

// The production server (server/index.ts over build/), started as its own process on a fresh seeded
// database for tests that must cross the real HTTP edge: headers, CSP, socket addresses, fuzzing, shutdown.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BUILD_ENTRY = `${ROOT}build/server/index.js`;
export const SERVER_ENTRY = `${ROOT}build/server.js`;

/** Why server tests cannot run here, or null. `npm test` builds first; plain `vitest` may not have. */
export function serverTestsUnavailable(): string | null {
  return existsSync(BUILD_ENTRY) && existsSync(SERVER_ENTRY) ? null : "no production build in build/ (npm test builds it; run `npm run build` before `vitest`)";
}

export interface LogLine {
  msg: string;
  requestId?: string;
  status?: number;
  ms?: number;
  cpuMs?: number;
  path?: string;
  client?: string | null;
  to?: string;
  text?: string;
  [key: string]: unknown;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Its database: the SQLite file's path, or the PostgreSQL URL on a PostgreSQL run (createDb takes either). */
  database: string;
  process: ChildProcess;
  logs: LogLine[];
  /** Waits for a log line (e.g. the request line of a request id, or an e-mail). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a command in the project folder; its output, or a rejection with the output when it fails. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

export { newPostgresDatabase };

/** A new, empty PostgreSQL database on the test server (this run's, so its teardown drops it); its URL. */
async function newPostgresDatabase(name: string): Promise<string> {
  const database = inject("postgresTemplate").replace(/_template$/, `_${name.replace(/\W/g, "_")}_${process.pid}_${Date.now()}`);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${database}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  await admin.end();
  return postgresUrlFor(database);
}

/** Starts the built server on a new database (migrated and seeded with the demo data) in this run's folder. */
export async function startServer(options: { name: string; env?: Record<string, string>; database?: string }): Promise<RunningServer> {
  const dir = `${inject("runDir")}server-${options.name}-${process.pid}/`;
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const database = options.database ?? (testEngine() === "postgres" ? await newPostgresDatabase(`server_${options.name}`) : `${dir}pasok.db`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    ...(database.startsWith("postgres") ? { DATABASE_URL: database } : { DATABASE_PATH: database }),
    UPLOADS_DIR: `${dir}uploads`,
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    PASOK_DEMO_DATA: "on",
    ...options.env,
  };
  await run(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts"], env);
  const child = spawn(process.execPath, serveArguments(), { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: LogLine[] = [];
  const waiters = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  let stderr = "";
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      for (const w of waiters) if (w.match(line)) (waiters.delete(w), w.resolve(line));
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    // SERVER_STDERR=1 shows the server's own stderr (why a 500 happened) while a suite runs.
    if (process.env.SERVER_STDERR) process.stdout.write(`[server stderr] ${chunk}`);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const waitForLog = (match: (l: LogLine) => boolean, timeoutMs = 10_000) => {
    const found = logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.add(waiter);
      setTimeout(() => {
        if (waiters.delete(waiter)) reject(new Error(`no such log line within ${timeoutMs} ms; stderr:\n${stderr.slice(-2000)}`));
      }, timeoutMs).unref();
    });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${stderr}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not get ready within 60 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    database,
    process: child,
    logs,
    waitForLog,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The JSON log line of a finished request, by the X-Request-Id it answered with. */
export async function requestLog(server: RunningServer, response: Response): Promise<LogLine> {
  const id = response.headers.get("X-Request-Id");
  if (!id) throw new Error("the response has no X-Request-Id");
  return server.waitForLog((l) => l.msg === "request" && l.requestId === id);
}
