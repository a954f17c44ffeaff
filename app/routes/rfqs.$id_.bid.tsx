import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { now } from "../clock.server";
import { FieldErrors, FileInput, FormErrors, TextAreaField, TextField, SelectField } from "../components/form-fields";
import { postedRows, replyMatchingRows } from "../components/form-reply";

import { BidStatusBadge, RfqStatusBadge } from "../components/rfqs/badges";
import { getDb } from "../db.server";
import { getBidPage } from "../domain/rfqs/rfq-views.server";
import { BID_FORM_LIMITS, BidSchema, MAX_DRAWING_BYTES } from "../domain/rfqs/schemas";
import { submitBid, withdrawBid } from "../domain/rfqs/submit-bid.server";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply, replyInvalid } from "../http/forms.server";
import { parseFormWithFiles } from "../http/multipart.server";
import { pageTitle } from "../i18n/meta";
import { formatRupiah } from "../i18n/format";
import { useT } from "../i18n/use-t";
import { BidHistory } from "../components/rfqs/bid-history";
import { idParam } from "../http/params.server";
import { shareHeadroom } from "../domain/work-orders/member-records.server";
import { jakartaDate } from "../domain/time";

export const meta = pageTitle("bid.title");

// A supplier's own bid on an RFQ: make it, revise it until the deadline (every version is kept and shown),
// withdraw it. Nothing of any other supplier's bid is ever read here.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const page = await getBidPage(getDb(), idParam(params, "id"), { userId: auth.user.id, organizationId: auth.organization.id, sells: true }, now());
  // A cooperative's form warns when a member's share would put it over its monthly capacity (the load board).
  const headroom = page.isCooperative ? await shareHeadroom(getDb(), auth.organization.id, jakartaDate(now()), page.rfq.needed_by) : [];
  return { ...page, headroom };
});

export const action = defineAction(async ({ request, params, form, tooLarge }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const rfqId = idParam(params, "id");
  const base = { rfqId, supplierId: auth.organization.id, actorUserId: auth.user.id, now: now() };
  const { formData, submission, hideFields, tooLargeReply } = parseFormWithFiles({ form, tooLarge }, BidSchema, {
    tooLargeMessage: "error.drawingTooLarge",
  });
  if (formData.get("intent") === "withdraw") {
    await withdrawBid(getDb(), { ...base, bidId: Number(formData.get("bidId")) });
    return redirect(`/rfqs/${rfqId}/bid?withdrawn=1`);
  }
  if (tooLargeReply) return tooLargeReply;
  if (submission.status !== "success") return replyInvalid(submission, hideFields);
  try {
    const result = await submitBid(getDb(), { ...base, input: submission.value });
    return redirect(`/rfqs/${rfqId}/bid?submitted=${result.version}`);
  } catch (error) {
    const { result, status } = errorReply(submission, error, hideFields);
    return data(result, { status });
  }
}, { body: BID_FORM_LIMITS });

/** "Over capacity" under a member's share when its busiest month would exceed the capacity it declared. */
function overCapacityHint(
  headroom: { memberId: number; capacity: number | null; months: number; busiestMonth: string; committed: number }[],
  memberId: number,
  value: unknown,
  t: ReturnType<typeof useT>["t"],
  number: (n: number) => string,
): string | undefined {
  const load = headroom.find((h) => h.memberId === memberId);
  const share = Number(value);
  if (!load || load.capacity === null || !Number.isFinite(share) || share <= 0) return undefined;
  const perMonth = Math.ceil(share / load.months);
  const total = load.committed + perMonth;
  return total > load.capacity ? t("bid.shareOverCapacity", { month: load.busiestMonth, total: number(total), capacity: number(load.capacity) }) : undefined;
}

export default function BidPage() {
  const page = useLoaderData<typeof loader>();
  const { rfq, lines, bid, versions, members, attachments, awarded, submissionKey, isCooperative } = page;
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, rupiah, number, dateTime, date, fileSize } = useT();
  const latest = versions[0];
  const open = page.canBid;
  // A reply is shown only if its rows are this RFQ's lines and, per line, these members (a crafted one could have others).
  const reply = replyMatchingRows(lastResult, (posted) => {
    const rows = postedRows(posted.lines);
    return (
      rows.length === lines.length &&
      lines.every((l, i) => {
        const row = rows[i]!;
        const shares = postedRows(row.shares);
        return row.rfqLineId === String(l.id) && (members.length === 0 ? shares.length === 0 : shares.length === members.length && members.every((m, j) => shares[j]?.memberId === String(m.id)));
      })
    );
  });
  const [form, fields] = useForm({
    id: "bid",
    lastResult: reply,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      submissionKey,
      leadTimeDays: latest ? String(latest.lead_time_days) : "",
      validUntil: latest?.valid_until ?? "",
      deliveryTerms: latest?.delivery_terms ?? rfq.delivery_terms,
      notes: latest?.notes ?? "",
      lines: lines.map((l) => {
        const previous = latest?.lines.find((b) => b.rfq_line_id === l.id);
        return {
          rfqLineId: String(l.id),
          quantity: previous ? String(previous.quantity) : "",
          unitPrice: previous ? formatRupiah(previous.unit_price) : "",
          productName: previous?.product_name ?? "",
          shares: members.map((m) => ({
            memberId: String(m.id),
            quantity: String(previous?.shares.find((s) => s.member_id === m.id)?.quantity ?? ""),
          })),
        };
      }),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BidSchema }),
    constraint: zodConstraint(BidSchema),
  });
  const lineFields = fields.lines.getFieldList();
  const submitting = navigation.state === "submitting";

  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <div className="heading-row">
        <h1>{t("bid.title")}</h1>
        {bid ? <BidStatusBadge status={bid.status} /> : <RfqStatusBadge status={rfq.status} />}
      </div>
      {params.get("submitted") ? (
        <p className="notice" role="status">
          {t("bid.submittedNotice", { version: params.get("submitted") ?? "" })}
        </p>
      ) : null}
      {params.get("withdrawn") ? (
        <p className="notice" role="status">
          {t("bid.withdrawnNotice")}
        </p>
      ) : null}
      <p className="hint">
        {t("bid.deadlineIs", { deadline: rfq.bid_deadline ? dateTime(rfq.bid_deadline) : "—" })} {open ? t("bid.sealedHint") : null}
      </p>
      {latest?.outdated && open ? (
        <div className="form-error" role="alert">
          <p>{t("bid.outdated", { version: latest.rfq_version, current: rfq.version })}</p>
        </div>
      ) : null}
      {bid?.status === "awarded" ? (
        <div className="notice" role="status" data-testid="award-result">
          <p>{t("bid.wonNotice")}</p>
          <ul>
            {awarded.map((a) => {
              const line = lines.find((l) => l.id === a.rfq_line_id);
              return (
                <li key={a.rfq_line_id}>
                  {line?.part_name}: {number(a.quantity)} × {rupiah(a.unit_price)} = {rupiah(a.quantity * a.unit_price)}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {bid?.status === "lost" ? (
        <div className="card" data-testid="award-result">
          <p>{t("bid.lostNotice")}</p>
        </div>
      ) : null}
      {!open && rfq.status !== "awarded" ? <p className="card">{t(rfq.status === "cancelled" ? "bid.rfqCancelled" : "bid.closedNotice")}</p> : null}

      {open ? (
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input {...getInputProps(fields.submissionKey, { type: "hidden" })} key={fields.submissionKey.key} />
          <fieldset>
            <legend>{t("bid.prices")}</legend>
            <p className="hint">{t(isCooperative ? "bid.pricesHintCooperative" : "bid.pricesHint")}</p>
            <FieldErrors id={fields.lines.errorId} errors={fields.lines.errors} />
            {lines.map((line, i) => {
              const item = lineFields[i];
              if (!item) return null;
              const row = item.getFieldset();
              const shareFields = row.shares.getFieldList();
              return (
                <div className="row-card" key={item.key} data-testid="bid-line">
                  <input {...getInputProps(row.rfqLineId, { type: "hidden" })} key={row.rfqLineId.key} />
                  <p>
                    <strong>
                      {line.position}. {line.part_name}
                    </strong>{" "}
                    — {t("bid.needed", { quantity: number(line.quantity), unit: t(`rfqUnit.${line.unit}` as const) })}
                  </p>
                  <div className="field-row">
                    <TextField meta={row.quantity} label={t("bid.quantity")} type="number" inputMode="numeric" />
                    <TextField meta={row.unitPrice} label={t("bid.unitPrice")} inputMode="numeric" hint={t("bid.unitPriceHint")} />
                  </div>
                  {line.min_tkdn_percent !== null || line.min_tkdn_bmp_percent !== null ? (
                    <p className="hint" data-testid="line-tkdn-requirement">
                      {t(line.tkdn_rule === "hard" ? "bid.tkdnRequiredHard" : "bid.tkdnRequiredPreference", {
                        tkdn: line.min_tkdn_percent ?? 0,
                        tkdnBmp: line.min_tkdn_bmp_percent ?? 0,
                      })}
                    </p>
                  ) : null}
                  {page.products.length > 0 ? (
                    <SelectField
                      meta={row.productName}
                      label={t("bid.product")}
                      placeholder={t("bid.noProduct")}
                      options={page.products.map((p) => ({
                        value: p.name,
                        label: p.tkdnPercent !== null ? t("bid.productTkdn", { name: p.name, tkdn: p.tkdnPercent, bmp: p.bmpPercent ?? 0 }) : t("bid.productNoTkdn", { name: p.name }),
                      }))}
                    />
                  ) : null}
                  {isCooperative ? (
                    <fieldset className="shares">
                      <legend>{t("bid.shares")}</legend>
                      <FieldErrors id={row.shares.errorId} errors={row.shares.errors} />
                      {members.map((member, j) => {
                        const shareItem = shareFields[j];
                        if (!shareItem) return null;
                        const share = shareItem.getFieldset();
                        return (
                          <div className="share-row" key={shareItem.key}>
                            <input {...getInputProps(share.memberId, { type: "hidden" })} key={share.memberId.key} />
                            <TextField
                              meta={share.quantity}
                              label={`${member.legalName} (TKDN ${member.tkdnPercent !== null ? `${member.tkdnPercent}%` : "—"})`}
                              type="number"
                              inputMode="numeric"
                              hint={overCapacityHint(page.headroom, member.id, share.quantity.value, t, number)}
                            />
                          </div>
                        );
                      })}
                    </fieldset>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
          <fieldset>
            <legend>{t("bid.terms")}</legend>
            <div className="field-row">
              <TextField meta={fields.leadTimeDays} label={t("bid.leadTimeDays")} type="number" inputMode="numeric" />
              <TextField meta={fields.validUntil} label={t("bid.validUntil")} type="date" />
            </div>
            <TextAreaField meta={fields.deliveryTerms} label={t("rfq.deliveryTerms")} />
            <TextAreaField meta={fields.notes} label={t("bid.notes")} />
            <FileInput meta={fields.attachment} label={t("bid.attachment")} accept=".pdf,.dxf,.step,.stp,.png,.jpg,.jpeg" hint={t("rfq.drawingRules")} />
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={submitting}>
              {bid && bid.status === "submitted" ? t("bid.sendRevision") : t("bid.send")}
            </button>
          </div>
        </Form>
      ) : null}

      {open && bid && page.canWithdraw ? (
        <Form method="post" className="card">
          <input type="hidden" name="bidId" value={bid.id} />
          <button type="submit" name="intent" value="withdraw" className="danger">
            {t("bid.withdraw")}
          </button>
        </Form>
      ) : null}

      <BidHistory page={page} />
    </section>
  );
}
