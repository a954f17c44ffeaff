import type { Db } from "../../../db/client";
import { liveListings } from "./live-listings.server";
import { DAY_MS, addMs, toTimestamp } from "../../clock.server";
import { notify } from "../notifications/notify.server";
import { parseListingData } from "./listing-data";
import { jakartaDate } from "../time";

export const EXPIRY_WARNING_DAYS = 30;

/**
 * The daily job: tells each supplier, once per certificate (and per product TKDN), that one of its public listing ends
 * within 30 days. Idempotent: a warning already sent for the same certificate (type, number and end date)
 * is not sent again, so running the job twice a day or after a restart is harmless.
 */
export async function warnExpiringCertificates(db: Db, options: { now: Date }): Promise<number> {
  const today = jakartaDate(options.now);
  const horizon = jakartaDate(addMs(options.now, EXPIRY_WARNING_DAYS * DAY_MS));
  const live = await liveListings(db)
    .select(["listings.organization_id", "listing_versions.data"])
    .execute();
  const labels = new Map(
    (await db.selectFrom("capabilities").select(["code", "label_id"]).where("kind", "=", "certificate").execute()).map((c) => [c.code, c.label_id]),
  );

  let warned = 0;
  for (const listing of live) {
    const data = parseListingData(listing.data);
    // Certificates, and each product's TKDN (a certificate or a self-declaration): both stop counting at their end.
    const expiring = [
      ...data.certificates.map((cert) => ({ key: `${cert.typeCode}:${cert.number}:${cert.validUntil}`, validUntil: cert.validUntil, label: `${labels.get(cert.typeCode) ?? cert.typeCode} ${cert.number}` })),
      ...data.products.flatMap((p) =>
        p.tkdn ? [{ key: `tkdn:${p.name}:${p.tkdn.number}:${p.tkdn.validUntil}`, validUntil: p.tkdn.validUntil, label: `TKDN ${p.name}${p.tkdn.number ? ` ${p.tkdn.number}` : ""}` }] : [],
      ),
    ];
    for (const cert of expiring) {
      if (cert.validUntil < today || cert.validUntil > horizon) continue;
      const key = cert.key;
      await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("certificate_expiry_warnings")
          .values({ organization_id: listing.organization_id, certificate_key: key, valid_until: cert.validUntil, warned_at: toTimestamp(options.now) })
          .onConflict((oc) => oc.columns(["organization_id", "certificate_key"]).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
        await notify(trx, {
          recipients: { organizationId: listing.organization_id },
          kind: "certificate_expiring",
          params: { certificate: cert.label, until: cert.validUntil },
          link: "/supplier/listing",
          organizationId: listing.organization_id,
          now: options.now,
        });
        warned++;
      });
    }
  }
  return warned;
}
