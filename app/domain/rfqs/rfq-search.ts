import { z } from "zod";

const code = z.string().regex(/^[a-z0-9_]{2,40}$/);

/**
 * The open-RFQ search of a supplier (the RFQ list's query string, and a saved search's); bad or unknown values
 * are dropped (or match nothing), never an error page.
 */
export const RfqSearchSchema = z.object({
  q: z.string().max(10_000).optional().catch(undefined),
  process: code.optional().catch(undefined),
  material: code.optional().catch(undefined),
  certificate: code.optional().catch(undefined),
  province: z.string().regex(/^\d{2}$/).optional().catch(undefined),
});
export type RfqSearch = z.infer<typeof RfqSearchSchema>;

/** Reads a query string (URLSearchParams or its text) into a search; empty values are no filter. */
export function readRfqSearch(params: URLSearchParams | string): RfqSearch {
  const search = typeof params === "string" ? new URLSearchParams(params) : params;
  return RfqSearchSchema.parse(Object.fromEntries([...search].filter(([, v]) => v !== "")));
}

/** The search as the query string it came from (only what is set, in a fixed order). */
export function rfqSearchString(search: RfqSearch): string {
  const params = new URLSearchParams();
  for (const key of ["q", "process", "material", "certificate", "province"] as const) {
    const value = search[key]?.trim();
    if (value) params.set(key, value);
  }
  return params.toString();
}
