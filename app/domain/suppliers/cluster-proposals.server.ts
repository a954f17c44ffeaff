import type { Db, DbOrTrx, Trx } from "../../../db/client";
import type { ClusterProposalStatus } from "../../../db/schema";
import { enqueueSearchUpdate } from "../search/outbox.server";
import { toTimestamp } from "../../clock.server";
import { writeAudit } from "../audit/write-audit.server";
import { DomainError } from "../errors";
import { TransitionError, nextState } from "../lifecycle";
import { resolveNotifications } from "../notifications/inbox.server";
import { notify } from "../notifications/notify.server";
import { insertCapability } from "./add-capability.server";
import { OPEN_CLUSTER_PROPOSAL_STATES, clusterProposalTransitions, type AdminClusterProposalEvent, type ClusterProposalEvent } from "./cluster-proposal-states";
import { parseListingData } from "./listing-data";

export interface ClusterProposal {
  id: number;
  organization_id: number;
  name: string;
  regency_code: string;
  status: ClusterProposalStatus;
  capability_id: number | null;
  decision_reason: string | null;
  created_at: string;
  decided_at: string | null;
}

const COLUMNS = ["id", "organization_id", "name", "regency_code", "status", "capability_id", "decision_reason", "created_at", "decided_at"] as const;

/**
 * The only code that changes a cluster proposal's status. Inside the caller's transaction: re-reads the row,
 * asks the transition table, updates only if the status is still the one it read, and writes an audit row
 * the proposing organization can read.
 */
async function applyClusterProposalEvent(
  trx: Trx,
  options: {
    proposalId: number;
    event: ClusterProposalEvent;
    actorUserId: number;
    now: Date;
    name?: string;
    regencyCode?: string;
    capabilityId?: number;
    reason?: string | null;
  },
): Promise<ClusterProposal> {
  const row = await trx.selectFrom("cluster_proposals").select(COLUMNS).where("id", "=", options.proposalId).executeTakeFirst();
  if (!row) throw new DomainError("error.notFound", 404);
  const to = nextState(clusterProposalTransitions, row.status, options.event);
  if (!to) throw new TransitionError("cluster_proposal", row.status, options.event);
  const at = toTimestamp(options.now);
  const decided = options.event === "confirm" || options.event === "decline";
  const updated = await trx
    .updateTable("cluster_proposals")
    .set({
      status: to,
      updated_at: at,
      ...(options.event === "rename" ? { name: options.name ?? row.name, regency_code: options.regencyCode ?? row.regency_code } : {}),
      ...(decided
        ? { decided_at: at, decided_by_user_id: options.actorUserId, decision_reason: options.reason ?? null, capability_id: options.capabilityId ?? null }
        : {}),
    })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new TransitionError("cluster_proposal", row.status, options.event);
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: row.organization_id,
    entityType: "cluster_proposal",
    entityId: row.id,
    action: options.event,
    fromState: row.status,
    toState: to,
    detail: { name: options.name ?? row.name, ...(options.reason ? { reason: options.reason } : {}), ...(options.capabilityId ? { capabilityId: options.capabilityId } : {}) },
    now: options.now,
  });
  return (await trx.selectFrom("cluster_proposals").select(COLUMNS).where("id", "=", row.id).executeTakeFirstOrThrow()) as ClusterProposal;
}

/** Where an admin decides a proposal: its card on the capabilities page. */
export function proposalLink(proposalId: number): string {
  return `/admin/capabilities#cluster-proposal-${proposalId}`;
}

/** The organization's latest proposal, whatever became of it (what the listing editor tells the IKM), or only a waiting one. */
export async function latestClusterProposal(db: DbOrTrx, organizationId: number, options: { open?: boolean } = {}): Promise<ClusterProposal | undefined> {
  return db
    .selectFrom("cluster_proposals")
    .select(COLUMNS)
    .where("organization_id", "=", organizationId)
    .$if(options.open === true, (q) => q.where("status", "in", OPEN_CLUSTER_PROPOSAL_STATES))
    .orderBy("id", "desc")
    .executeTakeFirst() as Promise<ClusterProposal | undefined>;
}

/** The organization's proposal still waiting for an admin, if any. */
export function openClusterProposal(db: DbOrTrx, organizationId: number): Promise<ClusterProposal | undefined> {
  return latestClusterProposal(db, organizationId, { open: true });
}

/**
 * Keeps the organization's proposal in step with what its listing says, inside the listing save's
 * transaction: a new name proposes it, a changed name or regency renames the waiting proposal, and a listing
 * that no longer names a cluster of its own (it chose a listed one, or none) withdraws it.
 */
export async function syncClusterProposal(
  trx: Trx,
  options: { organizationId: number; actorUserId: number; clusterName: string; regencyCode: string; now: Date },
): Promise<void> {
  const open = await openClusterProposal(trx, options.organizationId);
  const name = options.clusterName.trim();
  if (!name) {
    if (open) await applyClusterProposalEvent(trx, { proposalId: open.id, event: "withdraw", actorUserId: options.actorUserId, now: options.now });
    return;
  }
  if (open) {
    if (open.name !== name || open.regency_code !== options.regencyCode) {
      await applyClusterProposalEvent(trx, { proposalId: open.id, event: "rename", actorUserId: options.actorUserId, now: options.now, name, regencyCode: options.regencyCode });
    }
    return;
  }
  const latest = await latestClusterProposal(trx, options.organizationId);
  // A declined name is not proposed again by saving the same listing; a different name is a new proposal.
  if (latest && latest.status === "declined" && latest.name === name) return;
  const at = toTimestamp(options.now);
  const { id } = await trx
    .insertInto("cluster_proposals")
    .values({
      organization_id: options.organizationId,
      name,
      regency_code: options.regencyCode,
      status: "proposed",
      capability_id: null,
      decision_reason: null,
      created_by_user_id: options.actorUserId,
      created_at: at,
      updated_at: at,
      decided_by_user_id: null,
      decided_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(trx, {
    actorUserId: options.actorUserId,
    organizationId: options.organizationId,
    entityType: "cluster_proposal",
    entityId: id,
    action: "propose",
    toState: "proposed",
    detail: { name, regencyCode: options.regencyCode },
    now: options.now,
  });
  await notify(trx, {
    recipients: { admins: true },
    kind: "cluster_proposed",
    params: { name },
    link: proposalLink(id),
    organizationId: options.organizationId,
    now: options.now,
    email: false,
  });
}

/**
 * An admin's decision on a proposed cluster. Confirming adds it to the list of clusters (with the proposing
 * IKM's regency, and the code and labels the admin settles on) and gives it to every version of that IKM's
 * listing that named it, so its public page and the directory's cluster filter show it at once; declining
 * keeps the listing without a cluster and tells the IKM why.
 */
export async function decideClusterProposal(
  db: Db,
  options: {
    actor: { userId: number; isAdmin: boolean };
    proposalId: number;
    event: AdminClusterProposalEvent;
    code?: string;
    labelId?: string;
    labelEn?: string;
    reason?: string;
    now: Date;
  },
): Promise<ClusterProposal> {
  if (!options.actor.isAdmin) throw new DomainError("error.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const proposal = await trx.selectFrom("cluster_proposals").select(COLUMNS).where("id", "=", options.proposalId).executeTakeFirst();
    if (!proposal) throw new DomainError("error.notFound", 404);
    let capabilityId: number | undefined;
    if (options.event === "confirm") {
      if (!nextState(clusterProposalTransitions, proposal.status, "confirm")) throw new TransitionError("cluster_proposal", proposal.status, "confirm");
      capabilityId = await insertCapability(trx, {
        actorUserId: options.actor.userId,
        kind: "cluster",
        code: options.code!,
        labelId: options.labelId!,
        labelEn: options.labelEn || options.labelId!,
        regencyCodes: [proposal.regency_code],
        now: options.now,
      });
    }
    const decided = await applyClusterProposalEvent(trx, {
      proposalId: proposal.id,
      event: options.event,
      actorUserId: options.actor.userId,
      now: options.now,
      capabilityId,
      reason: options.reason ?? null,
    });
    if (options.event === "confirm") {
      const versions = await trx
        .selectFrom("listing_versions")
        .innerJoin("listings", "listings.id", "listing_versions.listing_id")
        .select(["listing_versions.id", "listing_versions.data"])
        .where("listings.organization_id", "=", proposal.organization_id)
        .execute();
      for (const v of versions) {
        const data = parseListingData(v.data);
        if (data.clusterCode || (data.clusterName ?? "").trim() !== proposal.name) continue;
        await trx
          .updateTable("listing_versions")
          .set({ data: JSON.stringify({ ...data, clusterCode: options.code!, clusterName: "" }) })
          .where("id", "=", v.id)
          .execute();
      }
      await enqueueSearchUpdate(trx, { type: "supplier", id: proposal.organization_id, now: options.now });
    }
    // The admins' "new cluster proposed" is done, whoever decided it.
    await resolveNotifications(trx, { kind: "cluster_proposed", link: proposalLink(proposal.id), now: options.now });
    await notify(trx, {
      recipients: { organizationId: proposal.organization_id },
      kind: options.event === "confirm" ? "cluster_confirmed" : "cluster_declined",
      params: { name: proposal.name, reason: options.reason ?? "—" },
      link: "/supplier/listing",
      organizationId: proposal.organization_id,
      now: options.now,
    });
    return decided;
  });
}

/** The proposals an admin has to decide, oldest first, with who proposed them. */
export async function listOpenClusterProposals(db: DbOrTrx) {
  return db
    .selectFrom("cluster_proposals")
    .innerJoin("organizations", "organizations.id", "cluster_proposals.organization_id")
    .select([...COLUMNS.map((c) => `cluster_proposals.${c}` as const), "organizations.legal_name", "organizations.slug"])
    .where("cluster_proposals.status", "in", OPEN_CLUSTER_PROPOSAL_STATES)
    .orderBy("cluster_proposals.created_at")
    .execute();
}
