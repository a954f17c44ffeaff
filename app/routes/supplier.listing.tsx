import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { now } from "../clock.server";
import { CheckboxGroup, FieldErrors, FileInput, FormErrors, RegionFields, SelectField, TextAreaField, TextField } from "../components/form-fields";
import { useUnitLabel } from "../components/capability-labels";
import { ListingStatusBadge } from "../components/suppliers/badges";
import { getDb } from "../db.server";
import { getOrganizationProfile } from "../domain/organizations/organization-profile.server";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import { OTHER_CLUSTER } from "../domain/suppliers/cluster-proposal-states";
import { latestClusterProposal } from "../domain/suppliers/cluster-proposals.server";
import { ClusterFields } from "../components/cluster-fields";
import { replyWithLists } from "../components/form-reply";
import { CAPACITY_UNITS, firstListingData, type ListingData, type ListingSection } from "../domain/suppliers/listing-data";
import { getListingEditor } from "../domain/suppliers/listing-views.server";
import { saveListing } from "../domain/suppliers/save-listing.server";
import { LISTING_FORM_LIMITS, ListingSchema } from "../domain/suppliers/schemas";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import type { MessageKey } from "../i18n/i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("listing.title");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  const organizationId = auth.organization.id;
  const editor = await getListingEditor(db, organizationId);
  const capabilities = await listCapabilities(db);
  const profile = await getOrganizationProfile(db, organizationId);
  return {
    ...editor,
    organization: { slug: profile.slug, legalName: profile.legal_name, kind: profile.kind },
    defaults: editor.working?.data ?? firstListingData({ provinceCode: profile.province_code, regencyCode: profile.regency_code }, capabilities),
    capabilities,
    clusterProposal: (await latestClusterProposal(db, organizationId)) ?? null,
  };
});

export const action = defineAction(async ({ request, form, tooLarge }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const formData = form;
  const submission = parseWithZod(formData, { schema: ListingSchema });
  // Files never travel back to the browser; the user chooses them again if the form is refused.
  const fileFields = [...new Set([...[...formData.entries()].filter(([, v]) => typeof v !== "string").map(([k]) => k), ...tooLarge])];
  if (tooLarge.length > 0) {
    const fieldErrors = Object.fromEntries(tooLarge.map((name) => [name, ["error.fileTooLarge"]]));
    return data(submission.reply({ fieldErrors, hideFields: fileFields }), { status: 413 });
  }
  if (submission.status !== "success") return data(submission.reply({ hideFields: fileFields }), { status: 400 });
  try {
    const result = await saveListing(getDb(), {
      organizationId: auth.organization.id,
      actorUserId: auth.user.id,
      input: submission.value,
      now: now(),
    });
    return redirect(`/supplier/listing?${submission.value.intent === "submit" && result.submitted ? "submitted" : "saved"}=1`);
  } catch (error) {
    const { result, status } = errorReply(submission, error, fileFields);
    return data(result, { status });
  }
}, { body: LISTING_FORM_LIMITS });

function formDefaults(d: ListingData) {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  return {
    headlineId: d.headlineId,
    headlineEn: d.headlineEn,
    descriptionId: d.descriptionId,
    descriptionEn: d.descriptionEn,
    processes: d.processes,
    materials: d.materials,
    products: [
      ...d.products.map((p) => ({ name: p.name, materialCode: p.materialCode ?? "", processCode: p.processCode ?? "", photoFileId: text(p.photoFileId) })),
      {},
    ],
    capacities: [...d.capacities.map((c) => ({ subject: c.subject, quantity: String(c.quantity), unit: c.unit })), {}],
    workforce: text(d.workforce),
    keyMachines: d.keyMachines,
    minimumOrder: d.minimumOrder,
    leadTimeDays: text(d.leadTimeDays),
    clusterCode: d.clusterCode || (d.clusterName ? OTHER_CLUSTER : ""),
    clusterName: d.clusterName ?? "",
    provinceCode: d.provinceCode,
    regencyCode: d.regencyCode,
    certificates: [
      ...d.certificates.map((c) => ({
        typeCode: c.typeCode,
        number: c.number,
        issuer: c.issuer,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        fileId: text(c.fileId),
      })),
      {},
    ],
    tkdnPercent: text(d.tkdn?.percent),
    tkdnNumber: d.tkdn?.number ?? "",
    tkdnVerifier: d.tkdn?.verifier ?? "",
    tkdnIssuedOn: d.tkdn?.issuedOn ?? "",
    tkdnFileId: text(d.tkdn?.fileId),
  };
}

/** The label of each top-level field, for the summary of what must be fixed. */
const FIELD_LABELS: Record<string, MessageKey> = {
  headlineId: "listing.headlineId",
  headlineEn: "listing.headlineEn",
  descriptionId: "listing.descriptionId",
  descriptionEn: "listing.descriptionEn",
  processes: "listing.processes",
  materials: "listing.materials",
  products: "listing.products",
  capacities: "listing.capacities",
  workforce: "listing.workforce",
  keyMachines: "listing.keyMachines",
  minimumOrder: "listing.minimumOrder",
  leadTimeDays: "listing.leadTimeDays",
  clusterCode: "listing.cluster",
  clusterName: "listing.clusterName",
  provinceCode: "field.province",
  regencyCode: "field.regency",
  certificates: "listing.certificates",
  tkdnPercent: "listing.tkdnPercent",
  tkdnNumber: "listing.tkdnNumber",
  tkdnVerifier: "listing.tkdnVerifier",
  tkdnIssuedOn: "listing.tkdnIssuedOn",
  tkdnFile: "listing.tkdnDocument",
};

export default function ListingEditorPage() {
  const { working } = useLoaderData<typeof loader>();
  // A saved version starts the form afresh from what was stored: the files just uploaded are then chosen in
  // their selects (conform keeps its first default values for as long as the form stays mounted).
  return <ListingEditor key={`${working?.id ?? 0}:${working?.revision ?? 0}`} />;
}

function ListingEditor() {
  const { working, live, files, history, organization, defaults, capabilities, clusterProposal } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, tStored, locale, date, dateTime, fileSize } = useT();
  const unitLabel = useUnitLabel();
  const options = capabilityOptions(capabilities, locale);
  const [form, fields] = useForm<z.input<typeof ListingSchema>>({
    id: "listing",
    lastResult: replyWithLists(lastResult, ["products", "capacities", "certificates"]),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: formDefaults(defaults),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ListingSchema }),
  });

  const status = working?.status ?? null;
  const comments: Partial<Record<ListingSection, string>> = status === "changes_requested" ? (working?.comments ?? {}) : {};
  const fileById = new Map(files.map((f) => [f.id, f]));
  const documents = files.filter((f) => f.content_type === "application/pdf" || f.content_type.startsWith("image/"));
  const photos = files.filter((f) => f.content_type.startsWith("image/"));
  const wrongFields = Object.keys(form.allErrors)
    .map((key) => key.split(/[.[]/)[0]!)
    .filter((key, i, all) => key && all.indexOf(key) === i && FIELD_LABELS[key]);
  const submitting = navigation.state === "submitting";

  const Comment = ({ section }: { section: ListingSection }) =>
    comments[section] ? (
      <p className="review-comment" data-section={section}>
        <strong>{t("listing.adminComment")}</strong> {comments[section]}
      </p>
    ) : null;

  /**
   * An already uploaded document to choose, or a new file to upload, with a link to the chosen one.
   * Called as a function, not rendered as a component, so React never remounts (and empties) the inputs.
   */
  const documentPicker = (
    chosen: FieldMetadata<number | undefined, any>,
    upload: FieldMetadata<File | undefined, any>,
    label: string,
  ) => (
    <>
      <div className="field-row">
        <div className="field">
          <label htmlFor={chosen.id}>{label}</label>
          <select {...getSelectProps(chosen)} key={chosen.key}>
            <option value="">{t("listing.noFile")}</option>
            {documents.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label || f.original_name}
              </option>
            ))}
          </select>
        </div>
        <FileInput meta={upload} label={t("listing.uploadDocument")} accept="application/pdf,image/jpeg,image/png" />
      </div>
      {fileLink(chosen.initialValue) ? <p className="hint">{fileLink(chosen.initialValue)}</p> : null}
    </>
  );

  const fileLink = (id: string | undefined) => {
    const file = id ? fileById.get(Number(id)) : undefined;
    return file ? (
      <a href={`/files/${file.id}`} target="_blank" rel="noreferrer">
        {file.label || file.original_name} ({fileSize(file.byte_size)})
      </a>
    ) : null;
  };

  return (
    <section className="stack">
      <div className="heading-row">
        <h1>{t("listing.title")}</h1>
        {status ? <ListingStatusBadge status={status} /> : <span className="status status-draft">{t("listing.notStarted")}</span>}
      </div>
      <p className="hint">{t("listing.intro", { organization: organization.legalName })}</p>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("listing.savedNotice")}
        </p>
      ) : null}
      {params.get("submitted") ? (
        <p className="notice" role="status">
          {t("listing.submittedNotice")}
        </p>
      ) : null}

      <div className="card stack">
        {live ? (
          <p>
            {live.status === "approved" ? (
              <>
                {t("listing.livePublic", { number: live.number })} <Link to={`/suppliers/${organization.slug}`}>{t("listing.viewPublic")}</Link>
              </>
            ) : (
              t("listing.liveSuspended", { number: live.number })
            )}
          </p>
        ) : (
          <p>{t("listing.notPublic")}</p>
        )}
        {working && live && working.id !== live.id ? <p className="hint">{t("listing.revisionPending", { number: working.number })}</p> : null}
        {status === "approved" ? <p className="hint">{t("listing.editMakesRevision")}</p> : null}
        {status === "submitted" ? <p className="hint">{t("listing.waitingReview")}</p> : null}
        {status === "changes_requested" ? (
          <div className="form-error" role="alert">
            <p>{t("listing.changesRequested")}</p>
            {working?.reason ? <p>{working.reason}</p> : null}
          </div>
        ) : null}
        {status === "rejected" || status === "suspended" ? (
          <div className="form-error" role="alert">
            <p>{t(status === "rejected" ? "listing.rejectedNotice" : "listing.suspendedNotice")}</p>
            {working?.reason ? <p>{working.reason}</p> : null}
          </div>
        ) : null}
        {organization.kind === "cooperative" || organization.kind === "supplier" ? (
          <p>
            <Link to="/supplier/cooperative">{t(organization.kind === "cooperative" ? "coop.manageMembers" : "coop.myCooperatives")}</Link>
          </p>
        ) : null}
      </div>

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack listing-form">
        <FormErrors id={form.errorId} errors={form.errors} />
        {wrongFields.length > 0 ? (
          <div className="form-error" role="alert" data-testid="error-summary">
            <p>{t("listing.fixFields", { fields: wrongFields.map((k) => t(FIELD_LABELS[k]!)).join(", ") })}</p>
          </div>
        ) : null}

        <fieldset>
          <legend>{t("listing.section.headline")}</legend>
          <Comment section="headline" />
          <TextField meta={fields.headlineId} label={t("listing.headlineId")} hint={t("listing.headlineHint")} />
          <TextField meta={fields.headlineEn} label={t("listing.headlineEn")} hint={t("hint.optional")} />
          <Comment section="description" />
          <TextAreaField meta={fields.descriptionId} label={t("listing.descriptionId")} />
          <TextAreaField meta={fields.descriptionEn} label={t("listing.descriptionEn")} />
        </fieldset>

        <fieldset>
          <legend>{t("listing.section.capabilities")}</legend>
          <Comment section="processes" />
          <CheckboxGroup meta={fields.processes} label={t("listing.processes")} options={options.process} />
          <Comment section="materials" />
          <CheckboxGroup meta={fields.materials} label={t("listing.materials")} options={options.material} />
        </fieldset>

        <fieldset>
          <legend>{t("listing.products")}</legend>
          <Comment section="products" />
          <p className="hint">{t("listing.rowsHint")}</p>
          {fields.products.getFieldList().map((item, i) => {
            const row = item.getFieldset();
            return (
              <div className="row-card" key={item.key}>
                <div className="field-row">
                  <TextField meta={row.name} label={t("listing.productName")} />
                  <SelectField meta={row.materialCode} label={t("listing.material")} options={options.material} placeholder={t("field.choose")} />
                  <SelectField meta={row.processCode} label={t("listing.process")} options={options.process} placeholder={t("field.choose")} />
                </div>
                <div className="field-row">
                  <div className="field">
                    <label htmlFor={row.photoFileId.id}>{t("listing.photo")}</label>
                    <select {...getSelectProps(row.photoFileId)} key={row.photoFileId.key}>
                      <option value="">{t("listing.noFile")}</option>
                      {photos.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.label || f.original_name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <FileInput meta={row.photo} label={t("listing.uploadPhoto")} accept="image/jpeg,image/png" />
                </div>
                {fileLink(row.photoFileId.initialValue) ? <p className="hint">{fileLink(row.photoFileId.initialValue)}</p> : null}
                <span className="row-number">{i + 1}</span>
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t("listing.capacities")}</legend>
          <Comment section="capacities" />
          <p className="hint">{t("listing.capacityHint")}</p>
          <FieldErrors id={fields.capacities.errorId} errors={fields.capacities.errors} />
          {fields.capacities.getFieldList().map((item) => {
            const row = item.getFieldset();
            return (
              <div className="field-row row-card" key={item.key}>
                <TextField meta={row.subject} label={t("listing.capacitySubject")} />
                <TextField meta={row.quantity} label={t("listing.capacityQuantity")} type="number" inputMode="numeric" />
                <SelectField
                  meta={row.unit}
                  label={t("listing.capacityUnit")}
                  options={CAPACITY_UNITS.map((u) => ({ value: u, label: unitLabel(u) }))}
                  placeholder={t("field.choose")}
                />
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t("listing.section.operations")}</legend>
          <Comment section="operations" />
          <div className="field-row">
            <TextField meta={fields.workforce} label={t("listing.workforce")} type="number" inputMode="numeric" />
            <TextField meta={fields.leadTimeDays} label={t("listing.leadTimeDays")} type="number" inputMode="numeric" />
          </div>
          <TextField meta={fields.minimumOrder} label={t("listing.minimumOrder")} hint={t("listing.minimumOrderHint")} />
          <TextAreaField meta={fields.keyMachines} label={t("listing.keyMachines")} />
        </fieldset>

        <fieldset>
          <legend>{t("listing.section.location")}</legend>
          <Comment section="location" />
          <RegionFields province={fields.provinceCode} regency={fields.regencyCode} />
          <ClusterFields
            cluster={fields.clusterCode}
            name={fields.clusterName}
            regency={fields.regencyCode}
            capabilities={capabilities}
            options={options.cluster}
            proposal={clusterProposal}
          />
        </fieldset>

        <fieldset>
          <legend>{t("listing.certificates")}</legend>
          <Comment section="certificates" />
          <p className="hint">{t("listing.certificatesHint")}</p>
          {fields.certificates.getFieldList().map((item) => {
            const row = item.getFieldset();
            return (
              <div className="row-card" key={item.key}>
                <div className="field-row">
                  <SelectField meta={row.typeCode} label={t("listing.certificateType")} options={options.certificate} placeholder={t("field.choose")} />
                  <TextField meta={row.number} label={t("listing.certificateNumber")} />
                  <TextField meta={row.issuer} label={t("listing.certificateIssuer")} />
                </div>
                <div className="field-row">
                  <TextField meta={row.validFrom} label={t("listing.validFrom")} type="date" />
                  <TextField meta={row.validUntil} label={t("listing.validUntil")} type="date" />
                </div>
                {documentPicker(row.fileId, row.file, t("listing.document"))}
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>{t("listing.section.tkdn")}</legend>
          <Comment section="tkdn" />
          <p className="hint">{t("listing.tkdnHint")}</p>
          <div className="field-row">
            <TextField meta={fields.tkdnPercent} label={t("listing.tkdnPercent")} type="number" inputMode="numeric" />
            <TextField meta={fields.tkdnNumber} label={t("listing.tkdnNumber")} />
          </div>
          <div className="field-row">
            <TextField meta={fields.tkdnVerifier} label={t("listing.tkdnVerifier")} hint={t("listing.tkdnVerifierHint")} />
            <TextField meta={fields.tkdnIssuedOn} label={t("listing.tkdnIssuedOn")} type="date" />
          </div>
          {documentPicker(fields.tkdnFileId, fields.tkdnFile, t("listing.tkdnDocument"))}
        </fieldset>

        <p className="hint">{t("listing.uploadHint")}</p>
        <div className="actions sticky-actions">
          <button type="submit" name="intent" value="save" disabled={submitting}>
            {t("listing.saveDraft")}
          </button>
          <button type="submit" name="intent" value="submit" className="primary" disabled={submitting}>
            {status === "submitted" ? t("listing.saveSubmitted") : t("listing.submit")}
          </button>
        </div>
      </Form>

      <h2>{t("listing.history")}</h2>
      {history.length === 0 ? (
        <p className="empty">{t("listing.noHistory")}</p>
      ) : (
        <ul className="history">
          {history.map((h) => (
            <li key={h.id}>
              <strong>{tStored(`listingEvent.${h.action}`)}</strong> · {t("listing.versionNumber", { number: h.versionNumber ?? "-" })} ·{" "}
              {dateTime(h.created_at)}
              {h.actor ? ` · ${h.actor}` : ""}
              {h.reason ? <p>{h.reason}</p> : null}
              {Object.entries(h.comments).length > 0 ? (
                <ul>
                  {Object.entries(h.comments).map(([section, text]) => (
                    <li key={section}>
                      {tStored(`listing.section.${section}`)}: {text}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {files.length > 0 ? (
        <>
          <h2>{t("listing.files")}</h2>
          <ul className="history">
            {files.map((f) => (
              <li key={f.id}>
                <a href={`/files/${f.id}`} target="_blank" rel="noreferrer">
                  {f.label || f.original_name}
                </a>{" "}
                · {f.original_name} · {fileSize(f.byte_size)} · {date(f.created_at)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
