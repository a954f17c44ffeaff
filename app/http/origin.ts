/**
 * Why a state-changing request must be refused as cross-site (CSRF), or null when it may go on. Pure, so the
 * HTTP server applies it at the edge (before Remix's own check could throw) and actions apply it again.
 *
 * - A browser's Sec-Fetch-Site must be `same-origin` (or `none`: typed or bookmarked by the user).
 * - An Origin, when sent, must parse and name this very host (what Remix compares it with).
 * - A request with neither header does not come from a browser page and carries no ambient authority risk.
 */
export function crossSiteReason(input: {
  secFetchSite: string | null;
  origin: string | null;
  /** The Host the request was sent to (X-Forwarded-Host first when a proxy is trusted). */
  host: string | null;
}): string | null {
  const site = input.secFetchSite?.toLowerCase() ?? null;
  if (site !== null && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site is ${site.slice(0, 40)}.`;
  if (input.origin === null) return null;
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return "The Origin header is not an origin.";
  }
  if (origin.protocol !== "http:" && origin.protocol !== "https:") return "The Origin header is not an http(s) origin.";
  if (!input.host) return "No Host header to compare the Origin with.";
  if (origin.host.toLowerCase() !== input.host.toLowerCase()) return "The Origin is another site.";
  return null;
}
