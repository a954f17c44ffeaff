import type { Params } from "@remix-run/react";
import { notFound } from "./auth.server";

/**
 * A route's numeric id (`/rfqs/:id`, `/orders/:id/invoices/:invoiceId`): a positive integer of at most 15
 * digits, or the page is not found (404). Nothing else reaches a query (on PostgreSQL, "1e20" or "abc" compared
 * with an integer column would fail the statement; on SQLite it would only match nothing).
 */
export function idParam(params: Params, name: string): number {
  const raw = params[name] ?? "";
  if (!/^\d{1,15}$/.test(raw)) notFound();
  const id = Number(raw);
  if (id <= 0) notFound();
  return id;
}
