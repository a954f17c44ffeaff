import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { confirmPayout, statementFor } from "../domain/work-orders/member-money.server";
import { ConfirmPayoutSchema } from "../domain/work-orders/work-order-schemas";
import { defineAction } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { defineLoader } from "../http/loader.server";
import { statementQuery } from "../http/params.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("statement.title");

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const query = statementQuery(new URL(request.url));
  const found = await statementFor(getDb(), { organizationId: auth.organization.id, actorUserId: auth.user.id, ...query });
  return { ...found, query: new URL(request.url).search };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const url = new URL(request.url);
  return dispatchIntent(form, {
    confirm: intent(ConfirmPayoutSchema, async (v) => {
      await confirmPayout(getDb(), { memberId: auth.organization.id, actorUserId: auth.user.id, payoutId: v.payoutId, now: now() });
      url.searchParams.set("done", "confirm");
      return redirect(`${url.pathname}${url.search}`);
    }),
  });
});

export default function StatementPage() {
  const { statement, cooperative, side, query } = useLoaderData<typeof loader>();
  const { t, number, rupiah, date } = useT();
  const [params] = useSearchParams();
  const errors = resultErrors(useIntentResult<"confirm">()("confirm"));
  const files = query.replace(/[?&]done=[^&]*/, "");
  return (
    <section className="stack">
      <p>
        <Link to={side === "cooperative" ? "/cooperative/members" : "/work-orders"}>← {side === "cooperative" ? t("members.title") : t("wo.listTitle")}</Link>
      </p>
      <h1>{t("statement.title")}</h1>
      <p>{t("statement.of", { member: statement.memberName, cooperative: cooperative.legal_name })}</p>
      {params.get("done") === "confirm" ? (
        <p className="notice" role="status">
          {t("statement.confirmDone")}
        </p>
      ) : null}
      <FormErrors errors={errors} />
      <dl className="facts card" data-testid="statement-totals">
        <dt>{t("members.owed")}</dt>
        <dd>{rupiah(statement.owed)}</dd>
        <dt>{t("members.paid")}</dt>
        <dd>{rupiah(statement.paid)}</dd>
        <dt>{t("members.outstanding")}</dt>
        <dd>
          <strong>{rupiah(statement.outstanding)}</strong>
        </dd>
      </dl>
      <p className="actions">
        <a href={`/work-orders/statement.csv${files}`} download>
          {t("statement.csv")}
        </a>
        <a href={`/work-orders/statement.pdf${files}`} download>
          {t("statement.pdf")}
        </a>
      </p>
      <h2>{t("statement.earnings")}</h2>
      {statement.earnings.length === 0 ? (
        <p className="empty">{t("statement.noEarnings")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="statement-earnings">
            <thead>
              <tr>
                <th>{t("statement.paidOn")}</th>
                <th>{t("statement.invoice")}</th>
                <th>{t("wo.part")}</th>
                <th className="num">{t("statement.pieces")}</th>
                <th className="num">{t("statement.price")}</th>
                <th className="num">{t("statement.gross")}</th>
                <th className="num">{t("statement.fee")}</th>
                <th className="num">{t("statement.net")}</th>
              </tr>
            </thead>
            <tbody>
              {statement.earnings.map((e) => (
                <tr key={`${e.invoiceId}-${e.orderLineId}-${e.memberUnitPrice}`}>
                  <td>{e.paidOn ? date(e.paidOn) : ""}</td>
                  <td>{e.invoiceNumber}</td>
                  <td>{e.partName}</td>
                  <td className="num">{number(e.quantity)}</td>
                  <td className="num">{rupiah(e.memberUnitPrice)}</td>
                  <td className="num">{rupiah(e.gross)}</td>
                  <td className="num">{rupiah(e.fee)}</td>
                  <td className="num">{rupiah(e.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("statement.payouts")}</h2>
      {statement.payouts.length === 0 ? (
        <p className="empty">{t("statement.noPayouts")}</p>
      ) : (
        <ul className="history" data-testid="statement-payouts">
          {statement.payouts.map((p) => (
            <li key={p.id}>
              {date(p.paidOn)} · {rupiah(p.amount)} · {t("statement.reference")} {p.reference} · {p.status === "confirmed" ? t("statement.confirmed") : t("statement.sent")}
              {side === "member" && p.status === "sent" ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="payoutId" value={p.id} />
                  <button type="submit" className="primary">
                    {t("statement.confirm")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
