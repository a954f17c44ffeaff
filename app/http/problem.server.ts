import type { MessageKey } from "../i18n/i18n";

/**
 * An RFC 9457 problem answer (`application/problem+json`). Thrown from a loader or action it is sent as is
 * by resource routes and API routes, and shown as the translated error page by page routes.
 */
export function problem(status: number, messageKey: MessageKey, detail?: string): Response {
  return new Response(problemBody(status, messageKey, detail), {
    status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8" },
  });
}

/** The JSON of a problem answer; the HTTP server's edge refusals send the same body. */
export function problemBody(status: number, messageKey: MessageKey, detail?: string): string {
  return JSON.stringify({ type: "about:blank", title: messageKey, status, detail: detail ?? messageKey, messageKey });
}
