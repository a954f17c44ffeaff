import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { replyWithLists } from "../components/form-reply";
import { resultErrors, useIntentResult } from "../components/intent-reply";
import { OrderStatusBadge } from "../components/orders/badges";
import { ContractForm, ShipmentForm, StepForm } from "../components/orders/order-forms";
import { OrderFacts, OrderInvoices, OrderLines, OrderShipments, OrderTimeline, type OrderIntent } from "../components/orders/order-sections";
import { getDb } from "../db.server";
import { updateContract } from "../domain/orders/contract.server";
import { cancelInvoice, decideTransfer, issueInvoice, recordFaktur, reportTransfer } from "../domain/orders/invoices.server";
import { confirmBast } from "../domain/orders/basts.server";
import { decideCreditNote, issueCreditNote } from "../domain/orders/credit-notes.server";
import { OrderBasts, IssueInvoiceForm } from "../components/orders/tax-sections";
import { takeOrderStep } from "../domain/orders/order-steps.server";
import { getOrderPage } from "../domain/orders/order-views.server";
import {
  BastConfirmSchema,
  CancelInvoiceSchema,
  ContractSchema,
  CreditNoteDecisionSchema,
  CreditNoteSchema,
  FakturSchema,
  InspectionSchema,
  IssueInvoiceSchema,
  ShipmentSchema,
  StepSchema,
  TransferDecisionSchema,
  TransferSchema,
} from "../domain/orders/schemas";
import { inspectShipment, recordShipment } from "../domain/orders/shipments.server";
import { AttributionSchema, SplitSchema } from "../domain/work-orders/work-order-schemas";
import { attributeBuyerRejection, splitOrder } from "../domain/work-orders/work-orders.server";
import { LotShipmentForm, MemberWorkOrders } from "../components/work-orders/cooperative-panel";
import { jakartaDate } from "../domain/time";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";
import { z } from "zod";
import { AgreementFromOrderSchema } from "../domain/agreements/schemas";
import { createAgreementFromOrder } from "../domain/agreements/agreements.server";
import { askPreviousBidders, orderAgain } from "../domain/orders/order-again.server";
import { RepeatBusiness } from "../components/orders/repeat-business";

const NoFields = z.object({});

export const meta = pageTitle("order.pageTitle");

const NOTICES = [
  "contract",
  "step",
  "ship",
  "inspect",
  "bast",
  "invoice",
  "transfer",
  "decide_transfer",
  "faktur",
  "cancel_invoice",
  "credit_note",
  "decide_credit_note",
  "paid",
  "card_cancelled",
  "split",
  "attribute",
  "repeat",
  "call_off",
] as const;
/** Where the page scrolls after each intent: to the section it changed. */
const ANCHORS: Record<OrderIntent, string> = {
  contract: "top",
  step: "top",
  ship: "shipments",
  inspect: "shipments",
  bast: "basts",
  invoice: "invoices",
  faktur: "invoices",
  cancel_invoice: "invoices",
  credit_note: "invoices",
  decide_credit_note: "invoices",
  transfer: "invoices",
  decide_transfer: "invoices",
  split: "members",
  attribute: "shipments",
  make_agreement: "top",
  order_again: "top",
  ask_bidders: "top",
};

export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  return getOrderPage(getDb(), { orderId: idParam(params, "id"), organizationId: auth.organization.id, actorUserId: auth.user.id, today: jakartaDate(now()) });
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const orderId = idParam(params, "id");
  const base = { orderId, actorUserId: auth.user.id, now: now() };
  /** Runs the use case, then shows the section it changed with its notice. */
  const then = async (name: OrderIntent, run: () => Promise<unknown>) => {
    await run();
    return redirect(`/orders/${orderId}?done=${name}#${ANCHORS[name]}`);
  };
  return dispatchIntent(form, {
    contract: intent(ContractSchema, (input) => then("contract", () => updateContract(db, { ...base, buyerId: auth.organization.id, input }))),
    step: intent(StepSchema, (v) =>
      then("step", () => takeOrderStep(db, { ...base, organizationId: auth.organization.id, event: v.event, reason: v.reason, expectedRevision: v.revision })),
    ),
    ship: intent(ShipmentSchema, (input) => then("ship", () => recordShipment(db, { ...base, supplierId: auth.organization.id, input }))),
    inspect: intent(InspectionSchema, (input) => then("inspect", () => inspectShipment(db, { ...base, buyerId: auth.organization.id, input })), { keyField: "shipmentId" }),
    bast: intent(BastConfirmSchema, (v) => then("bast", () => confirmBast(db, { ...base, organizationId: auth.organization.id, bastId: v.bastId, revision: v.revision })), { keyField: "bastId" }),
    invoice: intent(IssueInvoiceSchema, (input) => then("invoice", () => issueInvoice(db, { ...base, supplierId: auth.organization.id, input }))),
    faktur: intent(FakturSchema, (input) => then("faktur", () => recordFaktur(db, { ...base, supplierId: auth.organization.id, input })), { keyField: "invoiceId", hideFields: ["file"] }),
    cancel_invoice: intent(CancelInvoiceSchema, (input) => then("cancel_invoice", () => cancelInvoice(db, { ...base, supplierId: auth.organization.id, input })), { keyField: "invoiceId" }),
    credit_note: intent(CreditNoteSchema, (input) => then("credit_note", () => issueCreditNote(db, { ...base, buyerId: auth.organization.id, input })), { keyField: "invoiceId" }),
    decide_credit_note: intent(CreditNoteDecisionSchema, (input) => then("decide_credit_note", () => decideCreditNote(db, { ...base, supplierId: auth.organization.id, input })), {
      keyField: "creditNoteId",
    }),
    transfer: intent(TransferSchema, (v) => then("transfer", () => reportTransfer(db, { ...base, buyerId: auth.organization.id, ...v })), { keyField: "invoiceId" }),
    split: intent(SplitSchema, (input) => then("split", () => splitOrder(db, { ...base, cooperativeId: auth.organization.id, input }))),
    attribute: intent(AttributionSchema, (input) => then("attribute", () => attributeBuyerRejection(db, { ...base, cooperativeId: auth.organization.id, input })), {
      keyField: "shipmentLineId",
    }),
    make_agreement: intent(AgreementFromOrderSchema, async (v) => {
      const id = await createAgreementFromOrder(db, { orderId, buyerId: auth.organization.id, actorUserId: auth.user.id, months: v.months, now: now() });
      return redirect(`/agreements/${id}?done=created`);
    }),
    order_again: intent(NoFields, async () => {
      const id = await orderAgain(db, { orderId, buyerId: auth.organization.id, actorUserId: auth.user.id, now: now() });
      return redirect(`/orders/${id}?done=repeat`);
    }),
    ask_bidders: intent(NoFields, async () => {
      const id = await askPreviousBidders(db, { orderId, buyerId: auth.organization.id, actorUserId: auth.user.id, now: now() });
      return redirect(`/rfqs/${id}/edit?cloned=${""}`);
    }),
    decide_transfer: intent(TransferDecisionSchema, (v) => then("decide_transfer", () => decideTransfer(db, { ...base, supplierId: auth.organization.id, ...v })), {
      keyField: "invoiceId",
    }),
  });
});

export default function OrderPage() {
  const page = useLoaderData<typeof loader>();
  const { order, steps, actions, invoiceable } = page;
  const resultFor = useIntentResult<OrderIntent>();
  const [params] = useSearchParams();
  const { t } = useT();
  const done = NOTICES.find((n) => params.get("done") === n);

  return (
    <section className="stack" id="top">
      <p>
        <Link to="/orders">← {t("order.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>
          {t("order.pageTitle")} {order.number}
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>
      {done ? (
        <p className="notice" role="status">
          {t(`order.done.${done}`)}
        </p>
      ) : null}
      <OrderFacts page={page} />

      {actions.includes("editContract") ? <ContractForm page={page} lastResult={replyWithLists(resultFor("contract"), ["schedules"])} /> : null}

      {steps.length > 0 ? (
        <div className="card stack" data-testid="steps">
          <h2>{t("order.nextSteps")}</h2>
          <FormErrors errors={resultErrors(resultFor("step"))} />
          <div className="actions">
            {steps.map((event) => (
              <StepForm key={event} event={event} revision={order.revision} />
            ))}
          </div>
        </div>
      ) : null}

      <OrderLines lines={page.lines} />

      {actions.includes("orderAgain") || actions.includes("makeAgreement") ? <RepeatBusiness page={page} lastResult={resultFor("make_agreement")} /> : null}

      {page.members ? <MemberWorkOrders page={page} panel={page.members} lastResult={replyWithLists(resultFor("split"), ["members"])} /> : null}

      <h2 id="shipments">{t("order.shipments")}</h2>
      <OrderShipments page={page} />
      {actions.includes("ship") && page.members && page.members.workOrders.length > 0 ? (
        <LotShipmentForm key={page.shipments.length} page={page} panel={page.members} lastResult={replyWithLists(resultFor("ship"), ["lots"])} />
      ) : actions.includes("ship") ? (
        <ShipmentForm page={page} lastResult={replyWithLists(resultFor("ship"), ["lines"])} />
      ) : null}

      <OrderBasts page={page} />

      <h2 id="invoices">{t("order.invoices")}</h2>
      <OrderInvoices page={page} />
      {page.awaitingBast > 0 ? <p className="hint">{t("invoice.waitingBast", { quantity: page.awaitingBast })}</p> : null}
      {actions.includes("invoice") && invoiceable > 0 ? <IssueInvoiceForm key={invoiceable} page={page} lastResult={replyWithLists(resultFor("invoice"), ["lines"])} /> : null}

      <OrderTimeline timeline={page.timeline} />
    </section>
  );
}
