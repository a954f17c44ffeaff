import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { z } from "zod";
import type { RfqPage } from "../../domain/rfqs/rfq-views.server";
import { CancelRfqSchema, InviteSuppliersSchema } from "../../domain/rfqs/schemas";
import { useT } from "../../i18n/use-t";
import { FieldErrors, FormErrors, TextAreaField } from "../form-fields";
import { resultErrors, useIntentResult } from "../intent-reply";
import type { RfqIntent } from "./rfq-sections";

/** The buyer's side of its RFQ: bids (sealed until the deadline), invitations, and cancelling. */
export function BuyerPanel({ page, view }: { page: RfqPage; view: NonNullable<RfqPage["buyerView"]> }) {
  const { t, dateTime } = useT();
  const { rfq, actions } = page;
  const resultFor = useIntentResult<RfqIntent>();
  const [invite, inviteFields] = useForm<z.input<typeof InviteSuppliersSchema>>({
    id: "invite",
    lastResult: resultFor("invite"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSuppliersSchema }),
    constraint: zodConstraint(InviteSuppliersSchema),
  });
  const [cancel, cancelFields] = useForm<z.input<typeof CancelRfqSchema>>({
    id: "cancel",
    lastResult: resultFor("cancel"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelRfqSchema }),
    constraint: zodConstraint(CancelRfqSchema),
  });

  return (
    <div className="stack" data-testid="buyer-panel">
      <div className="card stack">
        <h2>{t("rfq.bids")}</h2>
        {rfq.status === "draft" ? <p>{t("rfq.draftHint")}</p> : null}
        {rfq.status === "open" ? (
          <p data-testid="bid-count">{t("rfq.sealedCount", { count: view.bidCount, deadline: rfq.bid_deadline ? dateTime(rfq.bid_deadline) : "—" })}</p>
        ) : null}
        {actions.includes("compare") ? (
          <p>
            <Link to={`/rfqs/${rfq.id}/compare`} className="button primary">
              {rfq.status === "closed" ? t("rfq.compareAndAward", { count: view.bidCount }) : t("rfq.viewAward")}
            </Link>
          </p>
        ) : null}
        <FormErrors errors={resultErrors(resultFor("publish"))} />
        <div className="actions">
          {actions.includes("invite") ? (
            <Link to={`/rfqs/${rfq.id}/matches`} className="button">
              {t("match.findSuppliers")}
            </Link>
          ) : null}
          {actions.includes("edit") ? (
            <Link to={`/rfqs/${rfq.id}/edit`} className="button">
              {rfq.status === "draft" ? t("rfq.editDraft") : t("rfq.amend")}
            </Link>
          ) : null}
          {actions.includes("publish") ? (
            <Form method="post">
              <button type="submit" name="intent" value="publish" className="primary">
                {t("rfq.publish")}
              </button>
            </Form>
          ) : null}
          {actions.includes("repost") ? (
            <Link to={`/rfqs/${rfq.id}/post-again`} className="button">
              {t("rfq.postAgain")}
            </Link>
          ) : null}
        </div>
      </div>

      <div className="card stack">
        <h2>{t("rfq.invitations")}</h2>
        {view.invitations.length === 0 ? <p className="empty">{t("rfq.noInvitations")}</p> : null}
        <ul className="history">
          {view.invitations.map((i) => (
            <li key={i.supplier_id}>
              {i.legal_name} · {dateTime(i.created_at)}
            </li>
          ))}
        </ul>
        {actions.includes("invite") && view.candidates.length > 0 ? (
          <Form method="post" {...getFormProps(invite)} className="stack">
            <FormErrors id={invite.errorId} errors={invite.errors} />
            <div className="field" role="group" aria-labelledby="invite-label">
              <span className="label" id="invite-label">
                {t("rfq.inviteSuppliers")}
              </span>
              <div className="checkbox-grid">
                {view.candidates.map((c) => (
                  <label key={c.id} className="checkbox">
                    <input {...getInputProps(inviteFields.supplierIds, { type: "checkbox", value: String(c.id) })} key={c.id} />
                    {c.legal_name}
                  </label>
                ))}
              </div>
              <FieldErrors id={inviteFields.supplierIds.errorId} errors={inviteFields.supplierIds.errors} />
            </div>
            <button type="submit" name="intent" value="invite">
              {t("rfq.invite")}
            </button>
          </Form>
        ) : null}
      </div>

      {actions.includes("cancel") ? (
        <details className="card">
          <summary>{t("rfq.cancel")}</summary>
          <Form method="post" {...getFormProps(cancel)} className="stack">
            <FormErrors id={cancel.errorId} errors={cancel.errors} />
            <TextAreaField meta={cancelFields.reason} label={t("rfq.cancelReason")} />
            <button type="submit" name="intent" value="cancel" className="danger">
              {t("rfq.cancelConfirm")}
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
