import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { OrderPage } from "../../domain/orders/order-views.server";
import { AgreementFromOrderSchema } from "../../domain/agreements/schemas";
import { useT } from "../../i18n/use-t";
import { FormErrors, TextField } from "../form-fields";

/**
 * A completed order's next step for the buyer: agree its prices for a period (a framework agreement to call
 * off against), order the same lines again from the same supplier, or ask the RFQ's bidders again.
 */
export function RepeatBusiness({ page, lastResult }: { page: OrderPage; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "make-agreement",
    lastResult,
    defaultValue: { months: "12" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgreementFromOrderSchema }),
  });
  return (
    <div className="card stack" data-testid="repeat-business">
      <h2>{t("repeat.title")}</h2>
      <p className="hint">{t("repeat.intro", { supplier: page.supplier.legal_name })}</p>
      {page.actions.includes("makeAgreement") ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <h3>{t("repeat.agreement")}</h3>
          <p className="hint">{t("repeat.agreementHint")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="make_agreement" />
          <TextField meta={fields.months} label={t("repeat.months")} type="number" inputMode="numeric" />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t("repeat.makeAgreement")}
            </button>
          </div>
        </Form>
      ) : null}
      {page.actions.includes("orderAgain") ? (
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="order_again" />
            <button type="submit" disabled={busy}>
              {t("repeat.orderAgain")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="ask_bidders" />
            <button type="submit" disabled={busy}>
              {t("repeat.askBidders")}
            </button>
          </Form>
        </div>
      ) : null}
    </div>
  );
}
