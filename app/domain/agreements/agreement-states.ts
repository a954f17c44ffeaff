import type { AgreementStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a framework agreement (kontrak payung). The buyer drafts it (from an award or a
// completed order) and sends it; the supplier accepts it (active) or asks for a change, which the buyer answers
// with a revised draft — like a contract. While active the buyer calls off orders against it; the buyer may
// propose an extension (a later end date, a higher value limit) that the supplier accepts or declines; either
// side may end it early with a reason; it expires by itself after its end date (the daily job).
export const AGREEMENT_STATES = [
  "draft",
  "sent",
  "change_requested",
  "active",
  "extension_proposed",
  "ended",
  "expired",
  "cancelled",
] as const satisfies readonly AgreementStatus[];

export const AGREEMENT_EVENTS = [
  "send",
  "accept",
  "request_change",
  "revise",
  "propose_extension",
  "accept_extension",
  "decline_extension",
  "end",
  "expire",
  "cancel",
] as const;
export type AgreementEvent = (typeof AGREEMENT_EVENTS)[number];

export const agreementTransitions: TransitionTable<AgreementStatus, AgreementEvent> = {
  draft: { send: "sent", cancel: "cancelled" },
  sent: { accept: "active", request_change: "change_requested", cancel: "cancelled" },
  change_requested: { revise: "sent", cancel: "cancelled" },
  active: { propose_extension: "extension_proposed", end: "ended", expire: "expired" },
  extension_proposed: { accept_extension: "active", decline_extension: "active", end: "ended", expire: "expired" },
  ended: {},
  expired: {},
  cancelled: {},
};

/** Which side may apply each event by hand (expiry is the daily job's). */
export const AGREEMENT_EVENT_ACTORS: Record<AgreementEvent, readonly ("buyer" | "supplier")[]> = {
  send: ["buyer"],
  accept: ["supplier"],
  request_change: ["supplier"],
  revise: ["buyer"],
  propose_extension: ["buyer"],
  accept_extension: ["supplier"],
  decline_extension: ["supplier"],
  end: ["buyer", "supplier"],
  expire: [],
  cancel: ["buyer"],
};

/** Events that need a written reason. */
export const AGREEMENT_EVENTS_WITH_REASON: readonly AgreementEvent[] = ["request_change", "propose_extension", "decline_extension", "end", "cancel"];

/**
 * What a party does on an agreement besides the table's events, with the states that allow it. Writers check
 * `agreementActionAllowed`, pages get `agreementActionsFor` from their loader.
 */
export const AGREEMENT_ACTIONS = {
  editDraft: { side: "buyer", states: ["draft", "change_requested"] },
  callOff: { side: "buyer", states: ["active", "extension_proposed"] },
} as const satisfies Record<string, { side: "buyer" | "supplier"; states: readonly AgreementStatus[] }>;
export type AgreementAction = keyof typeof AGREEMENT_ACTIONS;

export function agreementActionAllowed(action: AgreementAction, status: AgreementStatus): boolean {
  return (AGREEMENT_ACTIONS[action].states as readonly AgreementStatus[]).includes(status);
}

export function agreementActionsFor(status: AgreementStatus, side: "buyer" | "supplier"): AgreementAction[] {
  return (Object.keys(AGREEMENT_ACTIONS) as AgreementAction[]).filter((a) => AGREEMENT_ACTIONS[a].side === side && agreementActionAllowed(a, status));
}

/** The agreements whose call-offs count as used (a cancelled draft never had any). */
export const AGREEMENT_OPEN_STATES = ["active", "extension_proposed"] as const satisfies readonly AgreementStatus[];
