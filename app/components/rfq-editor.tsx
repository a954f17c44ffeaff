import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { zodConstraint } from "./form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { CAPACITY_UNITS } from "../domain/suppliers/listing-data";
import type { CapabilityOptions } from "../domain/suppliers/capability-options";
import type { RfqFormDefaults } from "../domain/rfqs/rfq-form";
import { RfqSchema } from "../domain/rfqs/schemas";
import { useT } from "../i18n/use-t";
import { replyWithLists } from "./form-reply";
import { CheckboxGroup, FieldErrors, FileInput, FormErrors, RegionFields, SelectField, TextAreaField, TextField } from "./form-fields";

export interface Drawing {
  id: number;
  rfq_line_id: number | null;
  original_name: string;
  byte_size: number;
}

/**
 * The RFQ editor, for a new RFQ, a draft, and the amendment of an open RFQ (which asks what changed).
 * Line rows: the existing ones and one spare row to fill; a row left empty is ignored.
 */
export function RfqEditor({
  lastResult,
  defaults,
  options,
  mode,
  rfqId,
  drawings,
  stages = [],
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: RfqFormDefaults;
  options: CapabilityOptions;
  mode: "new" | "draft" | "amend";
  rfqId?: number;
  drawings: Drawing[];
  /** The ladder's stages (code and name), for "open only to IKMs at this stage". */
  stages?: { value: string; label: string }[];
}) {
  const { t, fileSize } = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.output<typeof RfqSchema>>({
    id: "rfq",
    lastResult: replyWithLists(lastResult, ["lines"]),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RfqSchema }),
    constraint: zodConstraint(RfqSchema),
  });
  const submitting = navigation.state === "submitting";
  const lineCount = fields.lines.getFieldList().length;
  const unitOptions = CAPACITY_UNITS.map((u) => ({ value: u, label: t(`rfqUnit.${u}` as const) }));

  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack rfq-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>{t("rfq.section.what")}</legend>
        <TextField meta={fields.title} label={t("rfq.title")} hint={t("rfq.titleHint")} />
        <TextAreaField meta={fields.description} label={t("rfq.description")} />
      </fieldset>

      <fieldset>
        <legend>{t("rfq.lines")}</legend>
        <p className="hint">{t("rfq.linesHint")}</p>
        <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
        {fields.lines.getFieldList().map((item, i) => {
          const row = item.getFieldset();
          const lineId = Number(row.lineId.initialValue);
          const lineDrawings = drawings.filter((d) => d.rfq_line_id === lineId);
          return (
            <div className="row-card" key={item.key} data-testid="rfq-line">
              <input {...getInputProps(row.lineId, { type: "hidden" })} key={row.lineId.key} />
              <div className="field-row">
                <TextField meta={row.partName} label={t("rfq.partName")} />
                <TextField meta={row.partNumber} label={t("rfq.partNumber")} hint={t("hint.optional")} />
              </div>
              <TextField meta={row.description} label={t("rfq.lineDescription")} hint={t("rfq.lineDescriptionHint")} />
              <div className="field-row">
                <SelectField meta={row.materialCode} label={t("listing.material")} options={options.material} placeholder={t("field.choose")} />
                <SelectField meta={row.processCode} label={t("listing.process")} options={options.process} placeholder={t("field.choose")} />
              </div>
              <div className="field-row">
                <TextField meta={row.quantity} label={t("rfq.quantity")} type="number" inputMode="numeric" />
                <SelectField meta={row.unit} label={t("rfq.unit")} options={unitOptions} placeholder={t("field.choose")} />
                <TextField meta={row.targetUnitPrice} label={t("rfq.targetUnitPrice")} inputMode="numeric" hint={t("rfq.targetHint")} />
              </div>
              <div className="field-row">
                <TextField meta={row.minTkdnPercent} label={t("rfq.lineMinTkdn")} type="number" inputMode="numeric" hint={t("hint.optional")} />
                <TextField meta={row.minTkdnBmpPercent} label={t("rfq.lineMinTkdnBmp")} type="number" inputMode="numeric" hint={t("hint.optional")} />
                <SelectField
                  meta={row.tkdnRule}
                  label={t("rfq.tkdnRule")}
                  options={(["preference", "hard"] as const).map((r) => ({ value: r, label: t(`rfq.tkdnRule.${r}`) }))}
                />
              </div>
              <FileInput meta={row.drawing} label={t("rfq.drawing")} accept=".pdf,.dxf,.step,.stp,.png,.jpg,.jpeg" hint={t("rfq.drawingRules")} />
              {lineDrawings.length > 0 && rfqId ? (
                <ul className="files">
                  {lineDrawings.map((d) => (
                    <li key={d.id}>
                      <a href={`/rfqs/${rfqId}/files/${d.id}`}>{d.original_name}</a> ({fileSize(d.byte_size)})
                    </li>
                  ))}
                </ul>
              ) : null}
              <span className="row-number">{i + 1}</span>
              {row.lineId.initialValue || i < lineCount - 1 ? (
                <button {...form.remove.getButtonProps({ name: fields.lines.name, index: i })} className="link-button small">
                  {t("rfq.removeLine")}
                </button>
              ) : null}
            </div>
          );
        })}
        <button {...form.insert.getButtonProps({ name: fields.lines.name, defaultValue: {} })}>{t("rfq.addLine")}</button>
      </fieldset>

      <fieldset>
        <legend>{t("rfq.section.requirements")}</legend>
        <CheckboxGroup meta={fields.requiredCertificates} label={t("rfq.requiredCertificates")} options={options.certificate} />
        <TextField meta={fields.minTkdnPercent} label={t("rfq.minTkdn")} type="number" inputMode="numeric" hint={t("hint.optional")} />
      </fieldset>

      <fieldset>
        <legend>{t("rfq.section.delivery")}</legend>
        <RegionFields province={fields.deliveryProvinceCode} regency={fields.deliveryRegencyCode} />
        <TextField meta={fields.deliveryAddress} label={t("rfq.deliveryAddress")} />
        <div className="field-row">
          <TextField meta={fields.neededBy} label={t("rfq.neededBy")} type="date" />
          <TextField meta={fields.bidDeadline} label={t("rfq.bidDeadline")} type="datetime-local" hint={t("rfq.deadlineHint")} />
        </div>
        <TextAreaField meta={fields.paymentTerms} label={t("rfq.paymentTerms")} />
        <TextAreaField meta={fields.deliveryTerms} label={t("rfq.deliveryTerms")} />
      </fieldset>

      <fieldset>
        <legend>{t("rfq.visibility")}</legend>
        {(["public", "invited"] as const).map((v) => (
          <label key={v} className="checkbox">
            <input {...getInputProps(fields.visibility, { type: "radio", value: v })} key={v} />
            {t(`rfq.visibility.${v}` as const)}
          </label>
        ))}
        <FieldErrors id={fields.visibility.errorId} errors={fields.visibility.errors} />
        {stages.length > 0 ? (
          <SelectField meta={fields.minStageCode} label={t("rfq.minStage")} options={[{ value: "", label: t("rfq.minStageAny") }, ...stages]} />
        ) : null}
      </fieldset>

      {mode === "amend" ? (
        <fieldset>
          <legend>{t("rfq.amendment")}</legend>
          <p className="hint">{t("rfq.amendHint")}</p>
          <TextAreaField meta={fields.amendNote} label={t("rfq.amendNote")} />
        </fieldset>
      ) : null}

      <div className="actions">
        {mode === "amend" ? (
          <button type="submit" name="intent" value="amend" className="primary" disabled={submitting}>
            {t("rfq.saveAmendment")}
          </button>
        ) : (
          <>
            <button type="submit" name="intent" value="save" disabled={submitting}>
              {t("rfq.saveDraft")}
            </button>
            <button type="submit" name="intent" value="publish" className="primary" disabled={submitting}>
              {t("rfq.publish")}
            </button>
          </>
        )}
      </div>
    </Form>
  );
}
