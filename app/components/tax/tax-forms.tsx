import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { AdminTaxRegistration, TaxIdentityPage } from "../../domain/tax/tax-identity.server";
import { BusinessPlaceSchema, TaxDecisionSchema, TaxRegistrationSchema } from "../../domain/tax/tax-schemas";
import { useT } from "../../i18n/use-t";
import { zodConstraint } from "../form-constraints";
import { FileInput, FormErrors, SelectField, TextField } from "../form-fields";

// The tax identity forms (organization owner) and the admin's decision on a registration. Each posts its intent.

type LastResult = SubmissionResult<string[]> | undefined;
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;
type Registration = TaxIdentityPage["registrations"][number];

export function RegistrationStatus({ registration }: { registration: Pick<Registration, "status" | "reason" | "file_id" | "document_number" | "document_date"> | undefined }) {
  const { t, date } = useT();
  if (!registration) return <p className="empty">{t("tax.notRegistered")}</p>;
  return (
    <p data-testid="registration-status" data-status={registration.status}>
      <strong className={`status tax-status-${registration.status}`}>{t(`tax.status.${registration.status}`)}</strong> · {registration.document_number} · {date(registration.document_date)}
      {registration.file_id ? (
        <>
          {" · "}
          <Link to={`/files/${registration.file_id}`} reloadDocument>
            {t("tax.viewDocument")}
          </Link>
        </>
      ) : null}
      {registration.reason ? <span className="form-error"> {t("tax.reason", { reason: registration.reason })}</span> : null}
    </p>
  );
}

export function RegistrationForm({ kind, registration, lastResult }: { kind: "pkp" | "collector"; registration: Registration | undefined; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `registration-${kind}`,
    lastResult,
    ...VALIDATION,
    defaultValue: {
      kind,
      collectorKind: registration?.collector_kind ?? "",
      documentNumber: registration?.document_number ?? "",
      documentDate: registration?.document_date ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TaxRegistrationSchema }),
    constraint: zodConstraint(TaxRegistrationSchema),
  });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack" data-testid={`registration-form-${kind}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="registration" />
      <input {...getInputProps(fields.kind, { type: "hidden" })} key={fields.kind.key} />
      {kind === "collector" ? (
        <SelectField
          meta={fields.collectorKind}
          label={t("tax.collectorKind")}
          placeholder="—"
          options={(["government", "appointed"] as const).map((k) => ({ value: k, label: t(`tax.collectorKind.${k}`) }))}
        />
      ) : null}
      <div className="field-row">
        <TextField meta={fields.documentNumber} label={t(`tax.documentNumber.${kind}`)} />
        <TextField meta={fields.documentDate} label={t("tax.documentDate")} type="date" />
      </div>
      <FileInput meta={fields.file} label={t("tax.document")} accept="application/pdf,image/jpeg,image/png" hint={registration?.file_id ? t("tax.documentKept") : undefined} />
      <div className="actions">
        <button type="submit" className="primary">
          {t("tax.submit")}
        </button>
      </div>
    </Form>
  );
}

export function WithdrawForm({ registration }: { registration: Registration }) {
  const { t } = useT();
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="kind" value={registration.kind} />
      <input type="hidden" name="revision" value={registration.revision} />
      <button type="submit">{t("tax.withdraw")}</button>
    </Form>
  );
}

export function BusinessPlaceForm({ page, lastResult }: { page: TaxIdentityPage; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "place",
    lastResult,
    ...VALIDATION,
    defaultValue: { nitku: page.places.length === 0 ? (page.suggestedHeadOffice ?? "") : "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BusinessPlaceSchema }),
    constraint: zodConstraint(BusinessPlaceSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" data-testid="place-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="place" />
      <div className="field-row">
        <TextField meta={fields.name} label={t("tax.placeName")} />
        <TextField meta={fields.nitku} label={t("tax.nitku")} inputMode="numeric" hint={t("tax.nitkuHint", { suggested: page.suggestedHeadOffice ?? "—" })} />
      </div>
      <TextField meta={fields.address} label={t("tax.placeAddress")} />
      <div className="actions">
        <button type="submit">{t("tax.addPlace")}</button>
      </div>
    </Form>
  );
}

/** An admin verifies, rejects or revokes a registration (the last two need a reason). */
export function TaxDecisionForm({ registration, lastResult, action }: { registration: AdminTaxRegistration; lastResult: LastResult; action?: string }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: `decide-${registration.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { registrationId: String(registration.id), revision: String(registration.revision) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TaxDecisionSchema }),
    constraint: zodConstraint(TaxDecisionSchema),
  });
  if (registration.allowed.length === 0) return null;
  return (
    <Form method="post" action={action} {...getFormProps(form)} className="stack" data-testid={`tax-decision-${registration.id}`}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="decide_tax" />
      <input {...getInputProps(fields.registrationId, { type: "hidden" })} key={fields.registrationId.key} />
      <input {...getInputProps(fields.revision, { type: "hidden" })} key={fields.revision.key} />
      <TextField meta={fields.reason} label={t("adminTax.reasonLabel")} />
      <div className="actions">
        {registration.allowed.map((event) =>
          event === "verify" || event === "reject" || event === "revoke" ? (
            <button key={event} type="submit" name="event" value={event} className={event === "verify" ? "primary" : event === "revoke" ? "danger" : undefined}>
              {t(`adminTax.${event}`)}
            </button>
          ) : null,
        )}
      </div>
    </Form>
  );
}
