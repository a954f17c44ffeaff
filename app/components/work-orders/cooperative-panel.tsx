import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { OrderPage } from "../../domain/orders/order-views.server";
import { ShipmentSchema } from "../../domain/orders/schemas";
import { AttributionSchema, SplitSchema } from "../../domain/work-orders/work-order-schemas";
import { useT } from "../../i18n/use-t";
import { zodConstraint } from "../form-constraints";
import { FieldErrors, FormErrors, TextField } from "../form-fields";
import { WorkOrderStatusBadge } from "./badges";

// What a cooperative's order page adds for the cooperative (never for the buyer): its members' work orders,
// the split form, the consolidated shipment from member lots, and the attribution of a buyer's rejection.

type LastResult = SubmissionResult<string[]> | undefined;
type Panel = NonNullable<OrderPage["members"]>;
const VALIDATION = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

export function MemberWorkOrders({ page, panel, lastResult }: { page: OrderPage; panel: Panel; lastResult: LastResult }) {
  const { t, number } = useT();
  return (
    <section className="stack" id="members">
      <h2>{t("split.workOrders")}</h2>
      {panel.workOrders.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="work-orders">
            <thead>
              <tr>
                <th>{t("wo.number")}</th>
                <th>{t("wo.member")}</th>
                <th className="num">{t("wo.quantity")}</th>
                <th>{t("wo.status")}</th>
              </tr>
            </thead>
            <tbody>
              {panel.workOrders.map((w) => (
                <tr key={w.id}>
                  <td>
                    <Link to={`/work-orders/${w.id}`}>{w.number}</Link>
                  </td>
                  <td>{w.member_name}</td>
                  <td className="num">{number(w.quantity)}</td>
                  <td>
                    <WorkOrderStatusBadge status={w.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {panel.canSplit ? <SplitForm page={page} panel={panel} lastResult={lastResult} /> : null}
    </section>
  );
}

function SplitForm({ page, panel, lastResult }: { page: OrderPage; panel: Panel; lastResult: LastResult }) {
  const { t } = useT();
  const [form, fields] = useForm({
    id: "split",
    lastResult,
    ...VALIDATION,
    defaultValue: {
      leadDays: String(panel.leadDays),
      members: panel.members.map((m) => ({
        memberId: String(m.id),
        lines: page.lines.map((l) => ({
          orderLineId: String(l.id),
          quantity: String(panel.shares.find((s) => s.memberId === m.id && s.orderLineId === l.id)?.quantity ?? ""),
          memberUnitPrice: "",
        })),
      })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SplitSchema }),
    constraint: zodConstraint(SplitSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="split-form">
      <h3>{t("split.title")}</h3>
      <p className="hint">{t("split.hint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.members.errorId} errors={fields.members.errors} />
      <input type="hidden" name="intent" value="split" />
      <TextField meta={fields.leadDays} label={t("split.leadDays")} type="number" inputMode="numeric" />
      <label className="checkbox">
        <input {...getInputProps(fields.showBuyerPrice, { type: "checkbox" })} key={fields.showBuyerPrice.key} /> {t("wo.showBuyerPrice")}
      </label>
      {fields.members.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const member = panel.members[i]!;
        return (
          <fieldset className="row-card" key={item.key} data-testid="split-member">
            <legend>{member.legal_name}</legend>
            <input {...getInputProps(row.memberId, { type: "hidden" })} key={row.memberId.key} />
            {row.lines.getFieldList().map((lineItem, j) => {
              const cells = lineItem.getFieldset();
              const line = page.lines[j]!;
              return (
                <div className="field-row" key={lineItem.key}>
                  <input {...getInputProps(cells.orderLineId, { type: "hidden" })} key={cells.orderLineId.key} />
                  <TextField meta={cells.quantity} label={t("split.quantity", { part: line.part_name })} type="number" inputMode="numeric" />
                  <TextField meta={cells.memberUnitPrice} label={t("split.memberPrice", { part: line.part_name })} inputMode="numeric" />
                </div>
              );
            })}
          </fieldset>
        );
      })}
      <button type="submit" className="primary">
        {t("split.submit")}
      </button>
    </Form>
  );
}

/** The cooperative's shipment to the buyer, made of accepted member lots (pieces per lot). */
export function LotShipmentForm({ page, panel, lastResult }: { page: OrderPage; panel: Panel; lastResult: LastResult }) {
  const { t, number, date } = useT();
  const [form, fields] = useForm({
    id: "ship-lots",
    lastResult,
    ...VALIDATION,
    defaultValue: { shippedOn: page.today, lots: panel.lots.map((l) => ({ handoverLineId: String(l.handoverLineId), quantity: "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ShipmentSchema }),
    constraint: zodConstraint(ShipmentSchema),
  });
  if (panel.lots.length === 0) return <p className="empty">{t("lots.none")}</p>;
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="lot-shipment-form">
      <h3>{t("lots.ship")}</h3>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.lots.errorId} errors={fields.lots.errors} />
      <input type="hidden" name="intent" value="ship" />
      <div className="field-row">
        <TextField meta={fields.shippedOn} label={t("order.shippedOn")} type="date" />
        <TextField meta={fields.vehicle} label={t("order.vehicle")} />
        <TextField meta={fields.deliveryNote} label={t("order.deliveryNoteNumber")} />
      </div>
      {fields.lots.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const lot = panel.lots[i]!;
        const part = page.lines.find((l) => l.id === lot.orderLineId)?.part_name ?? "";
        return (
          <div key={item.key}>
            <input {...getInputProps(row.handoverLineId, { type: "hidden" })} key={row.handoverLineId.key} />
            <TextField
              meta={row.quantity}
              label={t("lots.quantity", { lot: lot.lotNumber, member: `${lot.memberName}, ${part}, ${date(lot.handedOverOn)}`, available: number(lot.available) })}
              type="number"
              inputMode="numeric"
            />
          </div>
        );
      })}
      <button type="submit" className="primary">
        {t("order.ship")}
      </button>
    </Form>
  );
}

/** Under a shipment line of a shared order: which member lots went into it, and the attribution form. */
export function ShipmentLineLots({ panel, shipmentLine, lastResult }: { panel: Panel; shipmentLine: OrderPage["shipments"][number]["lines"][number]; lastResult: LastResult }) {
  const { t, number } = useT();
  const lots = panel.shipmentLots.filter((l) => l.shipment_line_id === shipmentLine.id);
  if (lots.length === 0) return null;
  const attributed = lots.some((l) => l.attributed_at !== null);
  const needsAttribution = (shipmentLine.rejected_quantity ?? 0) > 0 && !attributed;
  return (
    <div className="stack" data-testid="shipment-lots">
      <p className="hint">
        {t("lots.inShipment")}: {lots.map((l) => `${l.lot_number} (${l.member_name}) ${number(l.quantity)}`).join(" · ")}
      </p>
      {lots
        .filter((l) => l.buyer_rejected_quantity > 0)
        .map((l) => (
          <p className="hint" key={l.id}>
            {t("lots.attributed", { rejected: number(l.buyer_rejected_quantity), lot: l.lot_number, member: l.member_name })}
          </p>
        ))}
      {needsAttribution ? <AttributionForm lots={lots} shipmentLine={shipmentLine} lastResult={lastResult} /> : null}
    </div>
  );
}

function AttributionForm({ lots, shipmentLine, lastResult }: { lots: Panel["shipmentLots"]; shipmentLine: OrderPage["shipments"][number]["lines"][number]; lastResult: LastResult }) {
  const { t, number } = useT();
  const [form, fields] = useForm({
    id: `attribute-${shipmentLine.id}`,
    lastResult,
    ...VALIDATION,
    defaultValue: { shipmentLineId: String(shipmentLine.id), lots: lots.map((l) => ({ shipmentLotId: String(l.id), rejected: "0" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AttributionSchema }),
    constraint: zodConstraint(AttributionSchema),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack" data-testid="attribution-form">
      <h4>{t("lots.attribute")}</h4>
      <p className="hint">{t("lots.attributeHint", { rejected: number(shipmentLine.rejected_quantity ?? 0) })}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <FieldErrors id={fields.lots.errorId} errors={fields.lots.errors} />
      <input type="hidden" name="intent" value="attribute" />
      <input {...getInputProps(fields.shipmentLineId, { type: "hidden" })} key={fields.shipmentLineId.key} />
      {fields.lots.getFieldList().map((item, i) => {
        const row = item.getFieldset();
        const lot = lots[i]!;
        return (
          <div key={item.key}>
            <input {...getInputProps(row.shipmentLotId, { type: "hidden" })} key={row.shipmentLotId.key} />
            <TextField meta={row.rejected} label={t("lots.rejectedFrom", { lot: lot.lot_number, member: lot.member_name, quantity: number(lot.quantity) })} type="number" inputMode="numeric" />
          </div>
        );
      })}
      <button type="submit" className="primary">
        {t("lots.attributeSubmit")}
      </button>
    </Form>
  );
}
