import { config } from "../config.server";
import { problem } from "./problem.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a browser made on behalf of another site (CSRF): the browser's
 * Sec-Fetch-Site must be same-origin (or none: typed by the user), else its Origin must be ours.
 * Requests without either header do not come from a browser page and carry no ambient authority risk.
 */
export function isCrossSite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get("Sec-Fetch-Site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = request.headers.get("Origin");
  if (!origin) return false;
  const allowed = new Set([new URL(request.url).origin, new URL(config().PUBLIC_URL).origin]);
  return !allowed.has(origin);
}

export function assertSameOrigin(request: Request): void {
  if (isCrossSite(request)) {
    throw problem(403, "error.crossSite", "A state-changing request from another site was refused.");
  }
}
