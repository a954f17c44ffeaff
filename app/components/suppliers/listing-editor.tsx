import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { capabilityOptions } from "../../domain/suppliers/capability-options";
import { CAPACITY_UNITS, type ListingSection } from "../../domain/suppliers/listing-data";
import { LISTING_FIELD_LABELS } from "../../domain/suppliers/listing-form";
import type { ListingEditorPage } from "../../domain/suppliers/listing-views.server";
import { ListingSchema } from "../../domain/suppliers/schemas";
import { useT } from "../../i18n/use-t";
import { useUnitLabel } from "../capability-labels";
import { ClusterFields } from "../cluster-fields";
import { CheckboxGroup, FieldErrors, FileInput, FormErrors, RegionFields, SelectField, TextAreaField, TextField } from "../form-fields";
import { replyWithLists } from "../form-reply";
import { ListingStatusBadge } from "./badges";

/**
 * The supplier's listing editor: one form for the whole listing (content, capacities, certificates, TKDN, its
 * documents), saved as a draft or submitted for review.
 */
export function ListingEditor({ page, lastResult }: { page: ListingEditorPage; lastResult: SubmissionResult<string[]> | undefined }) {
  const { working, live, files, organization, defaults, capabilities, clusterProposal } = page;
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, locale, dateTime, fileSize } = useT();
  const unitLabel = useUnitLabel();
  const options = capabilityOptions(capabilities, locale);
  const [form, fields] = useForm<z.input<typeof ListingSchema>>({
    id: "listing",
    lastResult: replyWithLists(lastResult, ["products", "capacities", "certificates"]),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ListingSchema }),
    constraint: zodConstraint(ListingSchema),
  });

  const status = working?.status ?? null;
  const comments: Partial<Record<ListingSection, string>> = status === "changes_requested" ? (working?.comments ?? {}) : {};
  const fileById = new Map(files.map((f) => [f.id, f]));
  const documents = files.filter((f) => f.content_type === "application/pdf" || f.content_type.startsWith("image/"));
  const photos = files.filter((f) => f.content_type.startsWith("image/"));
  const wrongFields = Object.keys(form.allErrors)
    .map((key) => key.split(/[.[]/)[0]!)
    .filter((key, i, all) => key && all.indexOf(key) === i && LISTING_FIELD_LABELS[key]);
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
    <>
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
            <p>{t("listing.fixFields", { fields: wrongFields.map((k) => t(LISTING_FIELD_LABELS[k]!)).join(", ") })}</p>
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
                <details open={Boolean(row.tkdnPercent.initialValue || row.tkdnPercent.errors)}>
                  <summary>{t("listing.productTkdn")}</summary>
                  <p className="hint">{t("listing.productTkdnHint")}</p>
                  <div className="field-row">
                    <TextField meta={row.tkdnPercent} label={t("listing.productTkdnPercent")} type="number" inputMode="numeric" />
                    <TextField meta={row.bmpPercent} label={t("listing.bmpPercent")} type="number" inputMode="numeric" />
                  </div>
                  <div className="field checkbox">
                    <label>
                      <input type="checkbox" name={row.tkdnSelfDeclared.name} value="on" defaultChecked={row.tkdnSelfDeclared.initialValue === "on"} key={row.tkdnSelfDeclared.key} />{" "}
                      {t("listing.tkdnSelfDeclared")}
                    </label>
                  </div>
                  <div className="field-row">
                    <TextField meta={row.tkdnNumber} label={t("listing.productTkdnNumber")} />
                    <TextField meta={row.tkdnVerifier} label={t("listing.productTkdnVerifier")} hint={t("listing.tkdnVerifierHint")} />
                  </div>
                  <div className="field-row">
                    <TextField meta={row.tkdnIssuedOn} label={t("listing.productTkdnIssuedOn")} type="date" />
                    <TextField meta={row.tkdnValidUntil} label={t("listing.tkdnValidUntil")} type="date" hint={t("listing.tkdnValidUntilHint")} />
                  </div>
                  {documentPicker(row.tkdnFileId, row.tkdnFile, t("listing.productTkdnDocument"))}
                </details>
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
    </>
  );
}
