import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { now } from "../clock.server";
import { FieldErrors, FormErrors, TextAreaField } from "../components/form-fields";
import { postedRows, replyMatchingRows } from "../components/form-reply";
import { useCapabilityLabel } from "../components/capability-labels";
import { RfqStatusBadge } from "../components/rfqs/badges";
import { formatPercent } from "../i18n/format";
import { getDb } from "../db.server";
import { awardRfq } from "../domain/rfqs/award-rfq.server";
import { buildComparison } from "../domain/rfqs/comparison.server";
import { AwardSchema } from "../domain/rfqs/schemas";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("compare.title");

// The buyer's comparison matrix after the deadline (sealed before it: 403), and the award.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const db = getDb();
  const comparison = await buildComparison(db, { rfqId: Number(params.id), buyerId: auth.organization.id, now: now() });
  return { ...comparison, capabilities: await listCapabilities(db) };
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const formData = form;
  const submission = parseWithZod(formData, { schema: AwardSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const rfqId = Number(params.id);
  try {
    await awardRfq(getDb(), {
      rfqId,
      buyerId: auth.organization.id,
      actorUserId: auth.user.id,
      reason: submission.value.reason,
      allocations: submission.value.allocations,
      now: now(),
    });
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
  return redirect(`/rfqs/${rfqId}/compare?awarded=1`);
});

export default function ComparePage() {
  const { rfq, lines, bids, award, capabilities } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, locale, rupiah, number, date, dateTime, fileSize } = useT();
  const label = useCapabilityLabel(capabilityOptions(capabilities, locale));
  const fill = Number(params.get("fill"));
  // One allocation per (line, bid) cell that has a price, in a stable order.
  const cells = lines.flatMap((line) => bids.filter((b) => b.cells[line.id]).map((b) => ({ line, bid: b })));
  const cellIndex = new Map(cells.map((c, i) => [`${c.line.id}:${c.bid.id}`, i]));
  // A reply is shown only if its rows are exactly these cells (a crafted one could have others).
  const reply = replyMatchingRows(lastResult, (posted) => {
    const rows = postedRows(posted.allocations);
    return rows.length === cells.length && cells.every((c, i) => rows[i]?.bidId === String(c.bid.id) && rows[i]?.rfqLineId === String(c.line.id));
  });
  const [form, fields] = useForm<z.input<typeof AwardSchema>>({
    id: "award",
    lastResult: reply,
    shouldValidate: "onSubmit",
    defaultValue: {
      reason: "",
      allocations: cells.map((c) => ({
        bidId: String(c.bid.id),
        rfqLineId: String(c.line.id),
        quantity: fill === c.bid.id ? String(c.bid.cells[c.line.id]!.quantity) : "",
      })),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AwardSchema }),
  });
  const allocationFields = fields.allocations.getFieldList();
  const canAward = rfq.status === "closed" && bids.length > 0;
  // With a partial bid, totals alone compare unlike things: the page then also prices the whole need per bid.
  const anyPartial = bids.some((b) => !b.coverage.complete);
  const wholeNeeds = bids.map((b) => b.coverage.wholeNeedAmount).filter((a): a is number => a !== null);
  const lowestWhole = wholeNeeds.length > 0 ? Math.min(...wholeNeeds) : null;

  const matrix = (
    <div className="table-wrap">
      <table className="matrix" data-testid="comparison">
        <thead>
          <tr>
            <th>{t("rfq.lines")}</th>
            {bids.map((b) => (
              <th key={b.id} scope="col">
                {b.supplier.legalName}
                {b.supplier.kind === "cooperative" ? <div className="hint">{t("orgKind.cooperative")}</div> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <th scope="row">
                {line.position}. {line.part_name}
                <div className="hint">
                  {number(line.quantity)} {t(`rfqUnit.${line.unit}` as const)}
                  {line.target_unit_price ? ` · ${t("compare.target")} ${rupiah(line.target_unit_price)}` : ""}
                </div>
              </th>
              {bids.map((b) => {
                const cell = b.cells[line.id];
                if (!cell) return <td key={b.id} className="empty">{t("compare.noBid")}</td>;
                const index = cellIndex.get(`${line.id}:${b.id}`)!;
                const allocation = allocationFields[index]?.getFieldset();
                if (!allocation) return <td key={b.id} />;
                return (
                  <td key={b.id} className={cell.lowest ? "lowest" : undefined} data-testid="cell" data-line={line.position} data-supplier={b.supplier.legalName}>
                    <div className="num">
                      <strong>{rupiah(cell.unitPrice)}</strong> {cell.lowest ? <span className="chip ok">{t("compare.lowest")}</span> : null}
                    </div>
                    <div className="hint">
                      {number(cell.quantity)} × = {rupiah(cell.amount)}
                    </div>
                    {(() => {
                      const c = b.coverage.perLine[line.id]!;
                      return c.rest > 0 ? (
                        <div className="warn" data-testid="cell-coverage">
                          <span className="chip warn">{t("compare.partial")}</span>{" "}
                          {t("compare.cellCoverage", { offered: number(c.offered), needed: number(c.needed), percent: number(c.percent) })}
                        </div>
                      ) : null;
                    })()}
                    {cell.shares.length > 0 ? (
                      <ul className="lines hint">
                        {cell.shares.map((s) => (
                          <li key={s.member}>
                            {s.member}: {number(s.quantity)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {cell.awarded > 0 ? <div className="chip ok">{t("compare.awarded", { quantity: number(cell.awarded) })}</div> : null}
                    <input {...getInputProps(allocation.bidId, { type: "hidden" })} key={allocation.bidId.key} form="award" />
                    <input {...getInputProps(allocation.rfqLineId, { type: "hidden" })} key={allocation.rfqLineId.key} form="award" />
                    {canAward ? (
                      <div className="field compact">
                        <label htmlFor={allocation.quantity.id}>{t("compare.awardQuantity")}</label>
                        <input
                          {...getInputProps(allocation.quantity, { type: "number" })}
                          key={allocation.quantity.key}
                          form="award"
                          min={0}
                          max={cell.quantity}
                          inputMode="numeric"
                        />
                        <FieldErrors id={allocation.quantity.errorId} errors={allocation.quantity.errors} />
                      </div>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("compare.coverage")}</th>
            {bids.map((b) => (
              <td key={b.id} data-testid="bid-coverage">
                <span className={b.coverage.complete ? "chip ok" : "chip warn"}>{t(b.coverage.complete ? "compare.complete" : "compare.partial")}</span>
                <div className="hint">
                  {t("compare.coverageSummary", { covered: b.coverage.coveredLines, lines: b.coverage.lineCount, percent: number(b.coverage.percent) })}
                </div>
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("compare.bidTotal")}</th>
            {bids.map((b) => (
              <td key={b.id} className="num" data-testid="bid-total">
                <strong>{rupiah(b.total)}</strong>
              </td>
            ))}
          </tr>
          {anyPartial ? (
            <>
              <tr>
                <th scope="row">{t("compare.rest")}</th>
                {bids.map((b) => (
                  <td key={b.id} className="num">
                    {b.coverage.complete ? "—" : b.coverage.unpricedLines > 0 ? "?" : rupiah(b.coverage.restAmount)}
                    {b.coverage.restAtTargetLines > 0 ? <div className="hint">{t("compare.restAtTarget")}</div> : null}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">{t("compare.wholeNeed")}</th>
                {bids.map((b) => (
                  <td key={b.id} className={b.coverage.wholeNeedAmount === lowestWhole ? "num lowest" : "num"} data-testid="whole-need">
                    {b.coverage.wholeNeedAmount !== null ? (
                      <>
                        <strong>{rupiah(b.coverage.wholeNeedAmount)}</strong>{" "}
                        {b.coverage.wholeNeedAmount === lowestWhole ? <span className="chip ok">{t("compare.lowestWhole")}</span> : null}
                      </>
                    ) : (
                      <span className="hint">{t("compare.wholeNeedUnknown")}</span>
                    )}
                  </td>
                ))}
              </tr>
            </>
          ) : null}
          <tr>
            <th scope="row">{t("bid.leadTimeDays")}</th>
            {bids.map((b) => (
              <td key={b.id}>{t("compare.days", { days: b.leadTimeDays })}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">TKDN</th>
            {bids.map((b) => (
              <td key={b.id} className={rfq.min_tkdn_percent !== null && (b.tkdnPercent ?? 0) < rfq.min_tkdn_percent ? "warn" : undefined}>
                {b.tkdnPercent !== null ? `${number(b.tkdnPercent)}%` : "—"}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("compare.certificates")}</th>
            {bids.map((b) => (
              <td key={b.id}>
                {b.validCertificates.map((c) => (
                  <div key={c}>✓ {label("certificate", c)}</div>
                ))}
                {b.missingCertificates.map((c) => (
                  <div key={c} className="warn">
                    ✗ {label("certificate", c)}
                  </div>
                ))}
                {b.validCertificates.length + b.missingCertificates.length === 0 ? "—" : null}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("scorecard.title")}</th>
            {bids.map((b) => (
              <td key={b.id} data-testid="scorecard-cell">
                <div>
                  {t("scorecard.onTime")}: {formatPercent(b.scorecard?.onTimePercent ?? null, locale)}
                </div>
                <div>
                  {t("scorecard.firstPass")}: {formatPercent(b.scorecard?.firstPassPercent ?? null, locale)}
                </div>
                <div>
                  {t("scorecard.bidResponse")}: {formatPercent(b.scorecard?.bidResponsePercent ?? null, locale)}
                </div>
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("bid.validUntil")}</th>
            {bids.map((b) => (
              <td key={b.id}>{date(b.validUntil)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t("compare.terms")}</th>
            {bids.map((b) => (
              <td key={b.id}>
                {b.outdated ? <div className="warn">{t("bid.madeOnVersion", { version: b.rfqVersion })}</div> : null}
                {b.deliveryTerms ? <div className="prose">{b.deliveryTerms}</div> : null}
                {b.notes ? <div className="prose hint">{b.notes}</div> : null}
                {b.attachments.map((a) => (
                  <div key={a.id}>
                    <a href={`/rfqs/${rfq.id}/files/${a.id}`}>{a.name}</a> ({fileSize(a.size)})
                  </div>
                ))}
                {canAward ? (
                  <Link to={`?fill=${b.id}`} preventScrollReset className="small">
                    {t("compare.fillAll")}
                  </Link>
                ) : null}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );

  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <div className="heading-row">
        <h1>{t("compare.title")}</h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      {params.get("awarded") ? (
        <p className="notice" role="status">
          {t("compare.awardedNotice")}
        </p>
      ) : null}
      <p className="hint">
        {t("compare.intro", { count: bids.length, closed: rfq.closed_at ? dateTime(rfq.closed_at) : "—" })}{" "}
        <a href={`/rfqs/${rfq.id}/compare.csv`} download>
          {t("compare.csv")}
        </a>
      </p>
      {bids.length === 0 ? <p className="empty">{t("compare.noBids")}</p> : null}
      {lines.map((line) => {
        const priced = bids.filter((b) => b.cells[line.id]);
        if (priced.length === 0) return null;
        const maxPrice = Math.max(...priced.map((b) => b.cells[line.id]!.unitPrice));
        return (
          <figure className="card bar-chart" key={line.id}>
            <figcaption>{t("compare.chart", { line: `${line.position}. ${line.part_name}` })}</figcaption>
            {priced.map((b) => {
              const cell = b.cells[line.id]!;
              return (
                <div className={cell.lowest ? "bar-row lowest" : "bar-row"} key={b.id}>
                  <span className="bar-label">{b.supplier.legalName}</span>
                  <span className="bar-track">
                    <span className="bar" style={{ width: `${Math.max(2, (cell.unitPrice / maxPrice) * 100)}%` }} />
                  </span>
                  <span className="bar-value">{rupiah(cell.unitPrice)}</span>
                </div>
              );
            })}
          </figure>
        );
      })}
      {anyPartial && wholeNeeds.length > 0 ? (
        <figure className="card bar-chart" data-testid="whole-need-chart">
          <figcaption>{t("compare.wholeNeedChart")}</figcaption>
          {bids
            .filter((b) => b.coverage.wholeNeedAmount !== null)
            .map((b) => (
              <div className={b.coverage.wholeNeedAmount === lowestWhole ? "bar-row lowest" : "bar-row"} key={b.id}>
                <span className="bar-label">
                  {b.supplier.legalName}
                  {b.coverage.complete ? "" : ` (${t("compare.partial").toLowerCase()})`}
                </span>
                <span className="bar-track">
                  <span className="bar" style={{ width: `${Math.max(2, (b.coverage.wholeNeedAmount! / Math.max(...wholeNeeds)) * 100)}%` }} />
                </span>
                <span className="bar-value">{rupiah(b.coverage.wholeNeedAmount!)}</span>
              </div>
            ))}
          <p className="hint">{t("compare.wholeNeedNote")}</p>
        </figure>
      ) : null}
      {bids.length > 0 ? matrix : null}
      {award ? (
        <div className="card">
          <h2>{t("compare.awardTitle")}</h2>
          <p>
            {dateTime(award.created_at)} · {award.reason}
          </p>
        </div>
      ) : null}
      {canAward ? (
        <Form method="post" {...getFormProps(form)} className="card stack">
          <h2>{t("compare.awardTitle")}</h2>
          <p className="hint">{t("compare.awardHint")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FieldErrors id={fields.allocations.errorId} errors={fields.allocations.errors} />
          <TextAreaField meta={fields.reason} label={t("compare.reason")} />
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("compare.award")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
