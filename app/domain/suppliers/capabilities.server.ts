import type { DbOrTrx } from "../../../db/client";
import type { CapabilityKind } from "../../../db/schema";
import { DomainError } from "../errors";
import type { Capability } from "./capability-options";

/** The whole taxonomy (processes, materials, certificate types, clusters), in a stable order. */
export async function listCapabilities(db: DbOrTrx): Promise<Capability[]> {
  return db.selectFrom("capabilities").select(["kind", "code", "label_id", "label_en", "regency_codes"]).orderBy("kind").orderBy("id").execute();
}

/** Refuses codes that are not in the taxonomy, next to the field that carried them. */
export async function assertKnownCodes(db: DbOrTrx, kind: CapabilityKind, codes: string[], field: string): Promise<void> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return;
  const found = await db.selectFrom("capabilities").select("code").where("kind", "=", kind).where("code", "in", wanted).execute();
  if (found.length !== wanted.length) throw new DomainError("error.unknownCapability", 422, field);
}
