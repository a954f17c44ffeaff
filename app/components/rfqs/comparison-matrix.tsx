import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import type { Comparison } from "../../domain/rfqs/comparison.server";
import { AwardSchema } from "../../domain/rfqs/schemas";
import { formatPercent } from "../../i18n/format";
import { useT } from "../../i18n/use-t";
import type { useCapabilityLabel } from "../capability-labels";
import { FieldErrors, FormErrors, TextAreaField } from "../form-fields";
import { postedRows, replyMatchingRows } from "../form-reply";

// The buyer's comparison matrix after the deadline and the award form whose quantities sit in its cells.

/**
 * The award form: one allocation per (line, bid) cell that has a price, in a stable order. A reply is used only
 * if its rows are exactly these cells (a crafted one could have others). `fill` prefills one bid's quantities.
 */
export function useAwardForm(comparison: Comparison, lastResult: SubmissionResult<string[]> | undefined, fill: number) {
  const { lines, bids } = comparison;
  const cells = lines.flatMap((line) => bids.filter((b) => b.cells[line.id]).map((b) => ({ line, bid: b })));
  const cellIndex = new Map(cells.map((c, i) => [`${c.line.id}:${c.bid.id}`, i]));
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
    constraint: zodConstraint(AwardSchema),
  });
  return { form, fields, cellIndex };
}
type AwardForm = ReturnType<typeof useAwardForm>;

export function ComparisonMatrix({ comparison, award, label }: { comparison: Comparison; award: AwardForm; label: ReturnType<typeof useCapabilityLabel> }) {
  const { t, locale, rupiah, number, date, fileSize } = useT();
  const { rfq, lines, bids, canAward } = comparison;
  const { cellIndex } = award;
  const allocationFields = award.fields.allocations.getFieldList();
  const anyPartial = bids.some((b) => !b.coverage.complete);
  const wholeNeeds = bids.map((b) => b.coverage.wholeNeedAmount).filter((a): a is number => a !== null);
  const lowestWhole = wholeNeeds.length > 0 ? Math.min(...wholeNeeds) : null;
  return (
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
                {line.min_tkdn_percent !== null || line.min_tkdn_bmp_percent !== null ? (
                  <div className="hint">
                    {t(line.tkdn_rule === "hard" ? "bid.tkdnRequiredHard" : "bid.tkdnRequiredPreference", { tkdn: line.min_tkdn_percent ?? 0, tkdnBmp: line.min_tkdn_bmp_percent ?? 0 })}
                  </div>
                ) : null}
                {line.perpres ? (
                  <div className={line.perpres.binding ? "warn" : "hint"} data-testid="perpres-rule" data-binding={line.perpres.binding ? "1" : "0"}>
                    {line.perpres.binding
                      ? t("compare.perpresBinding", {
                          threshold: comparison.policy.tkdnBmpThreshold,
                          minimum: comparison.policy.tkdnMinimum,
                          eligible: bids.filter((b) => line.perpres!.eligible.includes(b.id)).map((b) => b.supplier.legalName).join(", ") || "—",
                        })
                      : t("compare.perpresFree", { threshold: comparison.policy.tkdnBmpThreshold })}
                  </div>
                ) : null}
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
                    {cell.product || cell.tkdnPercent !== null ? (
                      <div className="hint" data-testid="cell-tkdn">
                        {cell.product ?? ""} · TKDN {cell.tkdnPercent ?? 0}% + BMP {cell.bmpPercent ?? 0}%
                        {cell.belowMinimum ? (
                          <>
                            {" "}
                            <span className="chip warn">{t("compare.belowTkdn")}</span>
                          </>
                        ) : null}
                        {line.perpres?.binding && !line.perpres.eligible.includes(b.id) ? (
                          <>
                            {" "}
                            <span className="chip warn">{t("compare.perpresIneligible", { minimum: comparison.policy.tkdnMinimum })}</span>
                          </>
                        ) : null}
                      </div>
                    ) : null}
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
}

export function AwardFormCard({ award }: { award: AwardForm }) {
  const { t } = useT();
  const navigation = useNavigation();
  const { form, fields } = award;
  return (
        <Form method="post" {...getFormProps(form)} className="card stack">
          <h2>{t("compare.awardTitle")}</h2>
          <p className="hint">{t("compare.awardHint")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FieldErrors id={fields.allocations.errorId} errors={fields.allocations.errors} />
          <TextAreaField meta={fields.reason} label={t("compare.reason")} />
          <label className="checkbox">
            <input type="checkbox" name="trial" value="on" defaultChecked={fields.trial.initialValue === "on"} />
            {t("compare.trial")}
          </label>
          <p className="hint">{t("compare.trialHint")}</p>
          <fieldset className="stack">
            <legend>{t("compare.asAgreementLegend")}</legend>
            <FieldErrors id={fields.asAgreement.errorId} errors={fields.asAgreement.errors} />
            <label className="checkbox">
              <input type="checkbox" name="asAgreement" value="on" defaultChecked={fields.asAgreement.initialValue === "on"} />
              {t("compare.asAgreement")}
            </label>
            <div className="field">
              <label htmlFor="agreement-months">{t("compare.agreementMonths")}</label>
              <input id="agreement-months" name="agreementMonths" type="number" inputMode="numeric" min={1} max={36} defaultValue={String(fields.agreementMonths.initialValue ?? "12")} />
              <FieldErrors id={fields.agreementMonths.errorId} errors={fields.agreementMonths.errors} />
            </div>
            <p className="hint">{t("compare.asAgreementHint")}</p>
          </fieldset>
          {fields.acknowledgeLocalContent.errors ? (
            <div className="field">
              <FieldErrors id={fields.acknowledgeLocalContent.errorId} errors={fields.acknowledgeLocalContent.errors} />
              <label className="checkbox">
                <input type="checkbox" name="acknowledgeLocalContent" value="on" />
                {t("compare.acknowledgeLocalContent")}
              </label>
            </div>
          ) : null}
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("compare.award")}
          </button>
        </Form>
  );
}
