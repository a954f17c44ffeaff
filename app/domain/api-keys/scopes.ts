// What an API key may do (issue 21): read or write per area. Write includes read. Shared by the key form, the
// API's operations (each names the scope it needs) and the OpenAPI document.

export const API_AREAS = ["rfqs", "bids", "orders", "work_orders", "directory"] as const;
export type ApiArea = (typeof API_AREAS)[number];
export type ApiScope = Exclude<`${ApiArea}:${"read" | "write"}`, "directory:write">;

/** The directory is read only: nothing in it is written over the API. */
const READ_ONLY: ReadonlySet<ApiArea> = new Set(["directory"]);

export const API_SCOPES: readonly ApiScope[] = API_AREAS.flatMap((area) => (READ_ONLY.has(area) ? [`${area}:read`] : [`${area}:read`, `${area}:write`]) as ApiScope[]);

export function isApiScope(value: unknown): value is ApiScope {
  return typeof value === "string" && (API_SCOPES as readonly string[]).includes(value);
}

/** A scope's area and access ("orders:write" → orders, write). */
export function scopeParts(scope: ApiScope): [ApiArea, "read" | "write"] {
  return scope.split(":") as [ApiArea, "read" | "write"];
}

/** Whether a key holding `granted` may use an operation that needs `needed` (write includes read). */
export function grants(granted: readonly ApiScope[], needed: ApiScope): boolean {
  if (granted.includes(needed)) return true;
  const [area, access] = scopeParts(needed);
  return access === "read" && granted.includes(`${area}:write` as ApiScope);
}
