import type { Params } from "@remix-run/react";
import { notFound } from "./auth.server";
import { DomainError } from "../domain/errors";

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

/** `?cooperative=` for a member's own statement there, `?member=` for a cooperative reading a member's. */
export function statementQuery(url: URL): { cooperativeId?: number; memberId?: number } {
  const read = (name: string) => {
    const value = url.searchParams.get(name);
    if (value === null) return undefined;
    if (!/^\d{1,12}$/.test(value)) throw new DomainError("error.notFound", 404);
    return Number(value);
  };
  return { cooperativeId: read("cooperative"), memberId: read("member") };
}

