import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { FieldErrors, FormErrors } from "../components/form-fields";
import { useUnitLabel } from "../components/capability-labels";
import { ListingStatusBadge } from "../components/suppliers/badges";
import { getDb } from "../db.server";
import { regionNames } from "../domain/organizations/regions.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { decideListing } from "../domain/suppliers/decide-listing.server";
import { LISTING_SECTIONS, describeSections, referencedFileIds, type ListingData } from "../domain/suppliers/listing-data";
import { listingTransitions, type AdminListingEvent } from "../domain/suppliers/listing-states";
import { getListingReview } from "../domain/suppliers/listing-views.server";
import { DecisionSchema } from "../domain/suppliers/schemas";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireAdmin } from "../http/auth.server";
import { errorReply, replyInvalid } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { ListingEvents } from "../components/suppliers/listing-history";
import { idParam } from "../http/params.server";
import { taxRegistrationsForAdmin } from "../domain/tax/tax-identity.server";
import { RegistrationStatus, TaxDecisionForm } from "../components/tax/tax-forms";

export const meta = pageTitle("moderation.reviewTitle");

export const loader = defineLoader(async ({ request, params }) => {
  await requireAdmin(request);
  const versionId = idParam(params, "versionId");
  const db = getDb();
  const review = await getListingReview(db, versionId);
  const region = async (d: ListingData | undefined) =>
    d && d.provinceCode ? Object.values(await regionNames(d.provinceCode, d.regencyCode)).reverse().join(", ") : "-";
  return {
    ...review,
    regions: { version: await region(review.version.data), live: await region(review.live?.data) },
    capabilities: await listCapabilities(db),
    // PKP status is verified as part of the listing review (decided on /admin/tax, back here).
    taxRegistrations: await taxRegistrationsForAdmin(db, { organizationId: review.organization.id }),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireAdmin(request);
  const formData = form;
  const submission = parseWithZod(formData, { schema: DecisionSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await decideListing(getDb(), {
      actor: { userId: auth.user.id, isAdmin: auth.user.isAdmin },
      versionId: submission.value.versionId,
      revision: submission.value.revision,
      event: submission.value.event,
      reason: submission.value.reason,
      comments: submission.value.comments,
      now: now(),
    });
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
  return redirect(`/admin/listings?decided=${submission.value.event}`);
});

export default function ListingReviewPage() {
  const { organization, version, live, isLive, files, history, regions, capabilities, taxRegistrations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale, dateTime, fileSize } = useT();
  const unit = useUnitLabel();
  const options = capabilityOptions(capabilities, locale);
  const label = (kind: keyof typeof options, code: string) => options[kind].find((o) => o.value === code)?.label ?? code;
  const field = (f: "workforce" | "keyMachines" | "minimumOrder" | "leadTimeDays") => t(`listing.${f}` as const);
  const fileName = (id: number) => {
    const f = files.find((x) => x.id === id);
    return f ? f.label || f.original_name : `#${id}`;
  };
  const mine = describeSections(version.data, { label }, { region: regions.version, unit, field, fileName, proposedCluster: t("listing.clusterProposed") });
  const before = live ? describeSections(live.data, { label }, { region: regions.live, unit, field, fileName, proposedCluster: t("listing.clusterProposed") }) : null;
  const [form, fields] = useForm({
    id: "decision",
    lastResult,
    defaultValue: { versionId: String(version.id), revision: String(version.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DecisionSchema }),
    constraint: zodConstraint(DecisionSchema),
  });
  const commentFields = fields.comments.getFieldset();
  const events = Object.keys(listingTransitions[version.status]).filter((e) => e !== "submit") as AdminListingEvent[];
  const allowed = events.filter((e) => (e === "suspend" || e === "reinstate" ? isLive : true));
  const referenced = new Set(referencedFileIds(version.data));
  const documents = files.filter((f) => referenced.has(f.id));

  return (
    <section className="stack">
      <p>
        <Link to="/admin/listings">← {t("moderation.title")}</Link>
      </p>
      <div className="heading-row">
        <h1>{organization.legalName}</h1>
        <ListingStatusBadge status={version.status} />
      </div>
      <p className="hint">
        {t(`orgKind.${organization.kind}` as const)} · NIB {organization.nib} · {t("listing.versionNumber", { number: version.number })} ·{" "}
        {t("moderation.revision", { revision: version.revision })}
        {version.submittedAt ? ` · ${t("moderation.submittedAt", { at: dateTime(version.submittedAt) })}` : ""}
      </p>

      <div className="card stack" data-testid="listing-tax">
        <h2>{t("adminTax.listingReview")}</h2>
        {taxRegistrations.length === 0 ? <p className="empty">{t("tax.notRegistered")}</p> : null}
        {taxRegistrations.map((r) => (
          <div key={r.id} className="stack">
            <p>
              <strong>{r.kind === "pkp" ? t("tax.pkp") : t("tax.collector")}</strong> · NPWP {r.npwp16 ?? r.npwp}
            </p>
            <RegistrationStatus registration={r} />
            <TaxDecisionForm registration={r} lastResult={undefined} action={`/admin/tax?back=/admin/listings/${version.id}`} />
          </div>
        ))}
      </div>

      <h2>{live ? t("moderation.diffTitle", { number: live.number }) : t("moderation.newTitle")}</h2>
      <div className="table-wrap">
        <table className="diff">
          <thead>
            <tr>
              <th>{t("moderation.section")}</th>
              {before ? <th>{t("moderation.public")}</th> : null}
              <th>{t("moderation.thisVersion")}</th>
            </tr>
          </thead>
          <tbody>
            {LISTING_SECTIONS.map((section) => {
              const changed = before ? JSON.stringify(before[section]) !== JSON.stringify(mine[section]) : false;
              return (
                <tr key={section} className={changed ? "changed" : undefined} data-section={section}>
                  <th scope="row">
                    {t(`listing.section.${section}` as const)}
                    {changed ? <span className="changed-mark"> · {t("moderation.changed")}</span> : null}
                  </th>
                  {before ? (
                    <td>
                      <Lines lines={before[section]} />
                    </td>
                  ) : null}
                  <td>
                    <Lines lines={mine[section]} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>{t("moderation.documents")}</h2>
      {documents.length === 0 ? (
        <p className="empty">{t("moderation.noDocuments")}</p>
      ) : (
        <ul className="history">
          {documents.map((f) => (
            <li key={f.id}>
              <a href={`/files/${f.id}`} target="_blank" rel="noreferrer">
                {f.label || f.original_name}
              </a>{" "}
              · {f.content_type} · {fileSize(f.byte_size)}
            </li>
          ))}
        </ul>
      )}

      {allowed.length > 0 ? (
        <Form method="post" {...getFormProps(form)} className="card stack">
          <h2>{t("moderation.decision")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name={fields.versionId.name} value={version.id} />
          <input type="hidden" name={fields.revision.name} value={version.revision} />
          {allowed.includes("request_changes") ? (
            <details open>
              <summary>{t("moderation.commentsTitle")}</summary>
              <div className="stack">
                {LISTING_SECTIONS.map((section) => {
                  const meta = commentFields[section];
                  return (
                    <div className="field" key={section}>
                      <label htmlFor={meta.id}>{t(`listing.section.${section}` as const)}</label>
                      <textarea {...getTextareaProps(meta)} key={meta.key} rows={2} />
                      <FieldErrors id={meta.errorId} errors={meta.errors} />
                    </div>
                  );
                })}
              </div>
            </details>
          ) : null}
          <div className="field">
            <label htmlFor={fields.reason.id}>{t("moderation.reason")}</label>
            <textarea {...getTextareaProps(fields.reason)} key={fields.reason.key} rows={3} />
            <p className="hint">{t("moderation.reasonHint")}</p>
            <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
          </div>
          <div className="actions">
            {allowed.map((event) => (
              <button
                key={event}
                type="submit"
                name="event"
                value={event}
                className={event === "approve" || event === "reinstate" ? "primary" : event === "reject" || event === "suspend" ? "danger" : undefined}
              >
                {t(`moderation.event.${event}` as const)}
              </button>
            ))}
          </div>
        </Form>
      ) : null}

      <h2>{t("listing.history")}</h2>
      <ListingEvents history={history} comments={false} />
    </section>
  );
}

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <span className="empty">—</span>;
  return (
    <ul className="lines">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
