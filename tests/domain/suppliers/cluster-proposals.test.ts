import { describe, expect, it } from "vitest";
import { getDb } from "../../../app/db.server";
import { DomainError } from "../../../app/domain/errors";
import { TransitionError } from "../../../app/domain/lifecycle";
import { listCapabilities } from "../../../app/domain/suppliers/capabilities.server";
import { clustersInRegency } from "../../../app/domain/suppliers/capability-options";
import { CLUSTER_PROPOSAL_EVENTS, clusterProposalTransitions } from "../../../app/domain/suppliers/cluster-proposal-states";
import { decideClusterProposal, latestClusterProposal, openClusterProposal } from "../../../app/domain/suppliers/cluster-proposals.server";
import { parseListingData } from "../../../app/domain/suppliers/listing-data";
import { ListingSchema } from "../../../app/domain/suppliers/schemas";
import type { ClusterProposalStatus } from "../../../db/schema";
import { createOrganizationWithOwner, createTestAdmin } from "../../support/factories";
import { completeListingInput, submitListing } from "../../support/listings";

// Issue 13 #1: a bronze foundry in Juwana (Kabupaten Pati), outside the listed clusters, lists truthfully.

const PATI = { provinceCode: "33", regencyCode: "33.18" };

const EXPECTED: Record<ClusterProposalStatus, Partial<Record<(typeof CLUSTER_PROPOSAL_EVENTS)[number], ClusterProposalStatus>>> = {
  proposed: { rename: "proposed", withdraw: "withdrawn", confirm: "confirmed", decline: "declined" },
  confirmed: {},
  declined: {},
  withdrawn: {},
};

async function admin() {
  const a = await createTestAdmin({ email: `admin-${Math.random().toString(36).slice(2, 8)}@uji.pasok.id`, name: "Admin Uji", password: "kunci-rahasia-panjang-2026", now: new Date() });
  return { userId: a.userId, isAdmin: true };
}

describe("clusters: optional, suggested from the regency, proposed by an IKM and confirmed by an admin", () => {
  it("the transition table is exactly the expected one", () => {
    for (const state of Object.keys(EXPECTED) as ClusterProposalStatus[]) {
      for (const event of CLUSTER_PROPOSAL_EVENTS) expect(clusterProposalTransitions[state][event], `${state} × ${event}`).toBe(EXPECTED[state][event]);
    }
  });

  it("submits a listing with no cluster at all", async () => {
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    const result = await submitListing(organizationId, userId, { clusterCode: undefined, ...PATI });
    expect(result.submitted).toBe(true);
    const v = await getDb().selectFrom("listing_versions").select("data").where("id", "=", result.versionId).executeTakeFirstOrThrow();
    expect(parseListingData(v.data)).toMatchObject({ clusterCode: "", clusterName: "", regencyCode: "33.18" });
  });

  it("suggests the clusters listed in a regency: Ceper for Klaten, both Tegals, none for Pati", async () => {
    const capabilities = await listCapabilities(getDb());
    expect(clustersInRegency(capabilities, "33.10").map((c) => c.code)).toEqual(["ceper"]);
    expect(clustersInRegency(capabilities, "33.76").map((c) => c.code)).toEqual(["tegal"]);
    expect(clustersInRegency(capabilities, "33.18")).toEqual([]);
  });

  it("asks for the name when 'another cluster' is chosen without one", () => {
    const parsed = ListingSchema.safeParse(completeListingInput({ clusterCode: "other", clusterName: "", ...PATI }));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["clusterName", "error.clusterNameRequired"]);
  });

  it("a named cluster becomes a proposal; renaming, confirming and the listing taking it, each audited", async () => {
    const db = getDb();
    const actor = await admin();
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    await submitListing(organizationId, userId, { intent: "save", clusterCode: "other", clusterName: "Juwan", ...PATI });
    const first = await openClusterProposal(db, organizationId);
    expect(first).toMatchObject({ name: "Juwan", regency_code: "33.18", status: "proposed" });
    // Saving again with the name corrected renames the same proposal, not a second one.
    const { versionId } = await submitListing(organizationId, userId, { clusterCode: "other", clusterName: "Juwana", ...PATI });
    const renamed = await openClusterProposal(db, organizationId);
    expect(renamed).toMatchObject({ id: first!.id, name: "Juwana" });
    // The admins hear of it once, when it is proposed.
    const told = await db.selectFrom("notifications").select("user_id").where("kind", "=", "cluster_proposed").where("organization_id", "=", organizationId).execute();
    expect(told.map((n) => n.user_id)).toContain(actor.userId);
    expect(told.filter((n) => n.user_id === actor.userId)).toHaveLength(1);

    await expect(
      decideClusterProposal(db, { actor: { userId, isAdmin: false }, proposalId: first!.id, event: "confirm", code: "juwana", labelId: "Juwana, Pati", now: new Date() }),
    ).rejects.toMatchObject({ status: 403 });
    const code = `juwana${organizationId}`;
    await decideClusterProposal(db, { actor, proposalId: first!.id, event: "confirm", code, labelId: "Juwana, Pati", labelEn: "Juwana, Pati", now: new Date() });
    const cluster = await db.selectFrom("capabilities").selectAll().where("kind", "=", "cluster").where("code", "=", code).executeTakeFirstOrThrow();
    expect(cluster).toMatchObject({ label_id: "Juwana, Pati", regency_codes: "33.18" });
    const v = await db.selectFrom("listing_versions").select("data").where("id", "=", versionId).executeTakeFirstOrThrow();
    expect(parseListingData(v.data)).toMatchObject({ clusterCode: code, clusterName: "" });
    expect(await latestClusterProposal(db, organizationId)).toMatchObject({ status: "confirmed", capability_id: cluster.id });
    const audit = await db.selectFrom("audit_log").select(["action", "from_state", "to_state"]).where("entity_type", "=", "cluster_proposal").where("entity_id", "=", String(first!.id)).orderBy("id").execute();
    expect(audit).toEqual([
      { action: "propose", from_state: null, to_state: "proposed" },
      { action: "rename", from_state: "proposed", to_state: "proposed" },
      { action: "confirm", from_state: "proposed", to_state: "confirmed" },
    ]);
    // The admins' "new cluster proposed" is marked done by the decision.
    const left = await db.selectFrom("notifications").select("read_at").where("kind", "=", "cluster_proposed").where("organization_id", "=", organizationId).execute();
    expect(left.every((n) => n.read_at !== null)).toBe(true);
    // A decided proposal is not decided twice.
    await expect(decideClusterProposal(db, { actor, proposalId: first!.id, event: "decline", reason: "dua kali", now: new Date() })).rejects.toBeInstanceOf(TransitionError);
    const notified = await db.selectFrom("notifications").select("kind").where("organization_id", "=", organizationId).where("kind", "=", "cluster_confirmed").execute();
    expect(notified.length).toBe(1);
  });

  it("declining tells the IKM why and does not come back on the next save; choosing a listed cluster withdraws a waiting one", async () => {
    const db = getDb();
    const { userId, organizationId } = await createOrganizationWithOwner({ kind: "supplier" });
    await submitListing(organizationId, userId, { intent: "save", clusterCode: "other", clusterName: "Sentra Kampung", ...PATI });
    const p = (await openClusterProposal(db, organizationId))!;
    await decideClusterProposal(db, { actor: await admin(), proposalId: p.id, event: "decline", reason: "Bukan sentra; tulis desanya di deskripsi.", now: new Date() });
    await submitListing(organizationId, userId, { intent: "save", clusterCode: "other", clusterName: "Sentra Kampung", ...PATI });
    expect(await openClusterProposal(db, organizationId)).toBeUndefined();
    expect(await latestClusterProposal(db, organizationId)).toMatchObject({ status: "declined", decision_reason: "Bukan sentra; tulis desanya di deskripsi." });

    await submitListing(organizationId, userId, { intent: "save", clusterCode: "other", clusterName: "Juwana Lor", ...PATI });
    const waiting = (await openClusterProposal(db, organizationId))!;
    await submitListing(organizationId, userId, { intent: "save", clusterCode: "ceper", provinceCode: "33", regencyCode: "33.10" });
    expect(await latestClusterProposal(db, organizationId)).toMatchObject({ id: waiting.id, status: "withdrawn" });
  });

  it("an admin's new cluster refuses a regency code that does not exist", async () => {
    const { insertCapability } = await import("../../../app/domain/suppliers/add-capability.server");
    const actor = await admin();
    await expect(
      insertCapability(getDb(), { actorUserId: actor.userId, kind: "cluster", code: "tidakada", labelId: "X", labelEn: "X", regencyCodes: ["99.99"], now: new Date() }),
    ).rejects.toBeInstanceOf(DomainError);
  });
});
