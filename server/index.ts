// Pasok's HTTP server: Express in front of Remix (as epic-stack runs it). It owns what Remix cannot see:
// the socket address, security headers on every response (a CSP with a per-request nonce), compression,
// static assets with their cache headers, structured logs with a request id, health checks, the edge
// refusals (wrong method, cross-site POST, oversized body) and a graceful shutdown.
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { runInRequest } from "../app/domain/audit/request-context.server";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { removeServerMark, writeServerMark } from "../db/backup";
import { databasePath, databaseTarget, isPostgresUrl } from "../db/client";
import { config } from "../app/config.server";
import { crossSiteReason } from "../app/http/origin";
import { problemBody } from "../app/http/problem.server";
import { translate, type Locale, type MessageKey } from "../app/i18n/i18n";
import { MAX_REQUEST_BODY_BYTES } from "../app/http/body-limits";
import { createLogger, redactPath } from "./logging";
import { contentSecurityPolicy } from "./security-headers";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
// `tsx server/index.ts` serves the production build; `--dev` runs Vite in middleware mode instead.
if (process.argv.includes("--dev")) process.env.NODE_ENV ??= "development";
else process.env.NODE_ENV ??= "production";
const MODE = process.env.NODE_ENV === "production" ? "production" : "development";
const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST || undefined;
// The app's own settings, read and checked once (app/config.server.ts): a bad value stops the server at start.
const { PUBLIC_URL, TRUST_PROXY } = config();
const ALLOWED_METHODS = ["GET", "HEAD", "POST"];
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 20_000);

/** What the build's entry module (app/entry.server.tsx) exports for the server besides rendering. */
interface EntryHooks {
  warmUp(): Promise<void>;
  startBackgroundJobs(): void;
  stopBackgroundJobs(): Promise<void>;
  isDatabaseReady(): Promise<boolean>;
  closeDb(): Promise<void>;
}

const log = createLogger();

/**
 * An edge refusal: problem+json for programs, and for a browser that asked for a page (a form posted from
 * another site, say) a short page in its language with the same message.
 */
function problem(req: Request, res: Response, status: number, messageKey: MessageKey, detail: string, headers: Record<string, string> = {}) {
  res.status(status).set({ "Cache-Control": "no-store", ...headers });
  if (req.accepts(["application/problem+json", "application/json", "text/html"]) === "text/html") {
    const locale: Locale = req.acceptsLanguages("id", "en") === "en" ? "en" : "id";
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const page = status === 403 ? "403" : status >= 500 ? "500" : "400";
    const title = escape(translate(locale, `errorPage.${page}.title`));
    res.type("html").send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title} · Pasok</title></head>` +
        `<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem">` +
        `<p>${status}</p><h1>${title}</h1>` +
        `<p>${escape(translate(locale, messageKey))}</p><p><a href="/">${escape(translate(locale, "errorPage.home"))}</a></p></body></html>`,
    );
    return;
  }
  res.type("application/problem+json; charset=utf-8").send(problemBody(status, messageKey, detail));
}

export async function createServer() {
  const viteDevServer =
    MODE === "production"
      ? undefined
      : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

  const loadBuild = async (): Promise<ServerBuild> =>
    viteDevServer
      ? ((await viteDevServer.ssrLoadModule("virtual:remix/server-build")) as ServerBuild)
      : ((await import(path.join(root, "build/server/index.js"))) as ServerBuild);
  const hooks = async () => (await loadBuild()).entry.module as unknown as EntryHooks;

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy (TRUST_PROXY=on) the client is the address the nearest proxy put last in
  // X-Forwarded-For; otherwise it is the socket's, and forwarded headers are dropped so nobody can fake them.
  app.set("trust proxy", TRUST_PROXY ? 1 : false);

  let shuttingDown = false;

  // 1. A request id, the client address, and one JSON log line when the response ends.
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("X-Request-Id", requestId);
    if (!TRUST_PROXY) {
      for (const h of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) delete req.headers[h];
    }
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    res.on("close", () => {
      const cpu = process.cpuUsage(cpuStart);
      log.info("request", {
        requestId,
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10,
        // CPU of the whole process while this request ran: exact when requests do not overlap (the fuzz suite).
        cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10,
        bytes: Number(res.getHeader("Content-Length") ?? 0) || undefined,
        client: req.ip ?? null,
        aborted: !res.writableFinished || undefined,
      });
    });
    next();
  });

  // 2. Health: alive as long as the process answers; ready when the database answers and we are not stopping.
  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").type("text/plain").send("ok");
  });
  app.get("/readyz", async (_req, res) => {
    const ready = !shuttingDown && (await (await hooks()).isDatabaseReady());
    res.status(ready ? 200 : 503).set("Cache-Control", "no-store").type("text/plain").send(ready ? "ready" : "not ready");
  });

  // 3. Security headers on every response, resource routes, PDFs, CSVs and webhooks included.
  app.use(
    helmet({
      contentSecurityPolicy: MODE === "production" ? contentSecurityPolicy({ publicUrl: PUBLIC_URL }) : false,
      strictTransportSecurity: PUBLIC_URL.startsWith("https:") ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false, // Stripe's card frame is cross-origin
      referrerPolicy: { policy: "same-origin" },
      frameguard: { action: "deny" },
    }),
  );

  // 4. The edge refusals, before anything reads the body.
  app.use((req, res, next) => {
    if (!ALLOWED_METHODS.includes(req.method)) {
      return problem(req, res, 405, "error.methodNotAllowed", `${req.method} is not allowed here.`, { Allow: ALLOWED_METHODS.join(", ") });
    }
    if (req.method === "POST") {
      const reason = crossSiteReason({
        secFetchSite: req.get("Sec-Fetch-Site") ?? null,
        origin: req.get("Origin") ?? null,
        host: (TRUST_PROXY ? req.get("X-Forwarded-Host")?.split(",")[0]?.trim() : undefined) || req.get("Host") || null,
      });
      if (reason) return problem(req, res, 403, "error.crossSite", reason);
      const length = Number(req.get("Content-Length") ?? 0);
      if (Number.isFinite(length) && length > MAX_REQUEST_BODY_BYTES) {
        res.setHeader("Connection", "close");
        return problem(req, res, 413, "error.bodyTooLarge", `A request body may have at most ${MAX_REQUEST_BODY_BYTES} bytes.`);
      }
    }
    if (shuttingDown) res.setHeader("Connection", "close");
    next();
  });

  app.use(compression());

  // 5. Static files: fingerprinted assets for a year, the rest for an hour.
  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
  } else {
    app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y", index: false }));
    // The few files at the top of the public folder are listed once: a page request never costs a disk look-up.
    const publicFiles = new Set(readdirSync(path.join(root, "build/client"), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `/${e.name}`));
    const publicFolder = express.static(path.join(root, "build/client"), { maxAge: "1h", index: false });
    app.use((req, res, next) => (publicFiles.has(req.path) ? publicFolder(req, res, next) : next()));
  }

  // 6. Everything else is Remix.
  const remixHandler = createRequestHandler({
    mode: MODE,
    build: viteDevServer ? loadBuild : await loadBuild(),
    getLoadContext: (_req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      requestId: res.locals.requestId as string,
      clientAddress: _req.ip ?? null,
    }),
  });
  app.all("*", (req, res, next) => {
    // Audit rows written while handling this request record where it came from.
    runInRequest({ address: req.ip ?? null }, () => remixHandler(req, res, next));
  });

  // 7. Whatever still threw: logged with its request id, answered as a problem (never a stack trace).
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error("unhandled", { requestId: res.locals.requestId, path: redactPath(req.path), error: String((error as Error)?.stack ?? error) });
    if (res.headersSent) return res.destroy();
    problem(req, res, 500, "error.server", "Something went wrong on our side; it has been logged.");
  });

  return {
    app,
    hooks,
    setShuttingDown() {
      shuttingDown = true;
    },
    async closeVite() {
      await viteDevServer?.close();
    },
  };
}

async function main() {
  const { app, hooks, setShuttingDown, closeVite } = await createServer();
  await (await hooks()).warmUp();
  const server: Server = app.listen(PORT, HOST ?? "0.0.0.0", () => {
    log.info("listening", { url: PUBLIC_URL, port: PORT, mode: MODE, trustProxy: TRUST_PROXY });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000; // large drawings on slow phone connections
  (await hooks()).startBackgroundJobs();
  // db:restore refuses while this marker names a live process (SQLite: the file is this machine's).
  const sqliteFile = isPostgresUrl(databaseTarget()) ? null : databasePath();
  if (sqliteFile) writeServerMark(sqliteFile);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setShuttingDown();
    log.info("shutting down", { signal });
    const forced = setTimeout(() => {
      log.error("shutdown grace period over: closing open connections", {});
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    // Stop accepting, close idle keep-alive sockets, let in-flight requests finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    const entry = await hooks();
    await entry.stopBackgroundJobs();
    await entry.closeDb();
    if (sqliteFile) removeServerMark(sqliteFile);
    await closeVite();
    log.info("stopped", {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    log.error("failed to start", { error: String(error?.stack ?? error) });
    process.exit(1);
  });
}
