import { crossSiteReason } from "./origin";
import { problem } from "./problem.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a state-changing request was made by a browser on behalf of another site (see crossSiteReason). */
export function isCrossSite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  return (
    crossSiteReason({
      secFetchSite: request.headers.get("Sec-Fetch-Site"),
      origin: request.headers.get("Origin"),
      host: request.headers.get("X-Forwarded-Host")?.split(",")[0]?.trim() || request.headers.get("Host") || new URL(request.url).host,
    }) !== null
  );
}

export function assertSameOrigin(request: Request): void {
  if (isCrossSite(request)) {
    throw problem(403, "error.crossSite", "A state-changing request from another site was refused.");
  }
}
