import type { ClusterProposalStatus } from "../../../db/schema";
import type { TransitionTable } from "../lifecycle";

// The one transition table of a cluster an IKM proposes (issue 13 #1). The IKM proposes it from its listing
// editor and may rename or withdraw it while it waits; an admin confirms it (it joins the list of clusters
// and the IKM's listing takes it) or declines it with a reason.
export const CLUSTER_PROPOSAL_EVENTS = ["rename", "withdraw", "confirm", "decline"] as const;
export type ClusterProposalEvent = (typeof CLUSTER_PROPOSAL_EVENTS)[number];
/** The events only an admin may apply. */
export const ADMIN_CLUSTER_PROPOSAL_EVENTS = ["confirm", "decline"] as const satisfies readonly ClusterProposalEvent[];
export type AdminClusterProposalEvent = (typeof ADMIN_CLUSTER_PROPOSAL_EVENTS)[number];

export const clusterProposalTransitions: TransitionTable<ClusterProposalStatus, ClusterProposalEvent> = {
  proposed: { rename: "proposed", withdraw: "withdrawn", confirm: "confirmed", decline: "declined" },
  confirmed: {},
  declined: {},
  withdrawn: {},
};

/** The states in which a proposal still waits for an admin. */
export const OPEN_CLUSTER_PROPOSAL_STATES: readonly ClusterProposalStatus[] = (Object.keys(clusterProposalTransitions) as ClusterProposalStatus[]).filter(
  (s) => clusterProposalTransitions[s].confirm !== undefined,
);

/** The value of the listing editor's cluster select that means "a cluster not in this list". */
export const OTHER_CLUSTER = "other";
