import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";

// The server (server/index.ts) reaches these through the build's entry module: it starts the workers once
// it listens, asks whether the database answers (/readyz), and on SIGTERM stops the workers and closes it.
export { startBackgroundJobs, stopBackgroundJobs } from "./background.server";
export { closeDb, isDatabaseReady } from "./db.server";
export { warmUp } from "./warm-up.server";

const ABORT_DELAY = 5_000;

/** Renders the whole page before sending it (Pasok streams nothing), so status and headers are final. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Cleared as soon as rendering ends: a pending timer would keep the whole render alive for 5 s more.
    let abortTimer: NodeJS.Timeout | undefined;
    const done = () => clearTimeout(abortTimer);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce: nonce || undefined,
        onAllReady() {
          shellRendered = true;
          done();
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          done();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}
