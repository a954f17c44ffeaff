import type { BastStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a BAST (berita acara serah terima). An inspection that accepts pieces drafts
// one for that shipment's accepted pieces; buyer and supplier each confirm it, in either order. Once both
// have, it is confirmed and its pieces may be invoiced — an invoice covers only pieces in confirmed BASTs.
export const BAST_STATES = ["draft", "buyer_confirmed", "supplier_confirmed", "confirmed"] as const satisfies readonly BastStatus[];
export const BAST_EVENTS = ["confirm_buyer", "confirm_supplier"] as const;
export type BastEvent = (typeof BAST_EVENTS)[number];

export const bastTransitions: TransitionTable<BastStatus, BastEvent> = {
  draft: { confirm_buyer: "buyer_confirmed", confirm_supplier: "supplier_confirmed" },
  buyer_confirmed: { confirm_supplier: "confirmed" },
  supplier_confirmed: { confirm_buyer: "confirmed" },
  confirmed: {},
};

export const BAST_EVENT_ACTORS: Record<BastEvent, readonly ("buyer" | "supplier")[]> = {
  confirm_buyer: ["buyer"],
  confirm_supplier: ["supplier"],
};
