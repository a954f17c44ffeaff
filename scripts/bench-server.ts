import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createSession, markSessionTwoFactorVerified } from "../app/domain/accounts/sessions.server";
import { serializeSessionCookie } from "../app/http/auth.server";
import { createDb } from "../db/client";
import { freePort, serveArguments } from "./server-process";

// The built production server on a fresh seeded database, with a session cookie per demo account: what the
// benchmarks load pages from.

export interface BenchServer {
  url: string;
  process: ChildProcess;
  databasePath: string;
  /** A `Cookie` header value per e-mail address, sessions made straight in the database (second step passed). */
  cookies: Record<string, string>;
  /** Stops the server and removes its database and uploads. */
  stop(): Promise<void>;
}

export async function startBenchServer(name: string, emails: readonly string[]): Promise<BenchServer> {
  const dir = `${tmpdir()}/pasok-${name}-${process.pid}/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databasePath = `${dir}pasok.db`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_PATH: databasePath, UPLOADS_DIR: `${dir}uploads`, PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: url };
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ["--import", "tsx", "scripts/prepare-db.ts"], { env, stdio: "ignore" }).on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`prepare-db exited ${c}`)))),
  );
  const server = spawn(process.execPath, serveArguments(), { env, stdio: "ignore" });
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const db = createDb(databasePath);
  const cookies: Record<string, string> = {};
  for (const email of emails) {
    const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    const m = await db.selectFrom("memberships").select("organization_id").where("user_id", "=", user.id).executeTakeFirst();
    const { token, session } = await createSession(db, { userId: user.id, organizationId: m?.organization_id ?? null, now: new Date() });
    await markSessionTwoFactorVerified(db, session.id);
    cookies[email] = (await serializeSessionCookie(new Request(url), token)).split(";")[0]!;
  }
  await db.destroy();
  return {
    url,
    process: server,
    databasePath,
    cookies,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
