import { Link } from "@remix-run/react";
import type { RfqPage } from "../../domain/rfqs/rfq-views.server";
import { useT } from "../../i18n/use-t";
import { useCapabilityLabel } from "../capability-labels";
import { Chips } from "../ui/chips";
import { BidStatusBadge } from "./badges";
import { AnswerForm } from "./question-forms";
import { useIntentResult } from "../intent-reply";

// The read-only sections of an RFQ's page. What the viewer may do comes from `page.actions`, which the loader
// asks of the RFQ's tables (rfq-states.ts).

export type RfqIntent = "publish" | "invite" | "cancel" | "ask" | "answer";
type Label = ReturnType<typeof useCapabilityLabel>;

export function RfqFacts({ page, region, label }: { page: RfqPage; region: { province: string; regency: string }; label: Label }) {
  const { t, date, dateTime } = useT();
  const { rfq, buyer, versions } = page;
  return (
    <div className="card">
      <dl className="facts">
        <dt>{t("rfq.buyer")}</dt>
        <dd>{buyer.legal_name}</dd>
        <dt>{t("rfq.bidDeadline")}</dt>
        <dd data-testid="deadline">{rfq.bid_deadline ? dateTime(rfq.bid_deadline) : "—"}</dd>
        <dt>{t("rfq.neededBy")}</dt>
        <dd>{rfq.needed_by ? date(rfq.needed_by) : "—"}</dd>
        <dt>{t("rfq.deliveryAddress")}</dt>
        <dd>
          {rfq.delivery_address}, {region.regency}, {region.province}
        </dd>
        <dt>{t("rfq.requiredCertificates")}</dt>
        <dd>
          <Chips items={rfq.requiredCertificates.map((c) => label("certificate", c))} />
        </dd>
        <dt>{t("rfq.minTkdn")}</dt>
        <dd>{rfq.min_tkdn_percent !== null ? `${rfq.min_tkdn_percent}%` : "—"}</dd>
        <dt>{t("rfq.paymentTerms")}</dt>
        <dd className="prose">{rfq.payment_terms || "—"}</dd>
        <dt>{t("rfq.deliveryTerms")}</dt>
        <dd className="prose">{rfq.delivery_terms || "—"}</dd>
        <dt>{t("rfq.visibility")}</dt>
        <dd>{t(`rfq.visibility.${rfq.visibility}`)}</dd>
        {versions.length > 0 ? (
          <>
            <dt>{t("rfq.version")}</dt>
            <dd>{rfq.version}</dd>
          </>
        ) : null}
      </dl>
      {rfq.description ? <p className="prose">{rfq.description}</p> : null}
    </div>
  );
}

export function RfqLines({ page, label }: { page: RfqPage; label: Label }) {
  const { t, rupiah, number, fileSize } = useT();
  const { rfq, lines } = page;
  return (
    <>
      <h2>{t("rfq.lines")}</h2>
      <div className="table-wrap">
        <table className="stacked" data-testid="rfq-lines">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("rfq.partName")}</th>
              <th>{t("listing.material")}</th>
              <th>{t("listing.process")}</th>
              <th className="num">{t("rfq.quantity")}</th>
              <th className="num">{t("rfq.targetUnitPrice")}</th>
              <th>{t("rfq.drawing")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td data-label="#">{l.position}</td>
                <td data-label={t("rfq.partName")}>
                  <strong>{l.part_name}</strong>
                  {l.part_number ? <span className="part-number"> ({l.part_number})</span> : null}
                  {l.description ? <div className="hint">{l.description}</div> : null}
                </td>
                <td data-label={t("listing.material")}>{l.material_code ? label("material", l.material_code) : "—"}</td>
                <td data-label={t("listing.process")}>{l.process_code ? label("process", l.process_code) : "—"}</td>
                <td data-label={t("rfq.quantity")} className="num">
                  {number(l.quantity)} {t(`rfqUnit.${l.unit}`)}
                </td>
                <td data-label={t("rfq.targetUnitPrice")} className="num">
                  {l.target_unit_price ? rupiah(l.target_unit_price) : "—"}
                </td>
                <td data-label={t("rfq.drawing")}>
                  {l.drawings.length === 0
                    ? "—"
                    : l.drawings.map((d) => (
                        <div key={d.id}>
                          <a href={`/rfqs/${rfq.id}/files/${d.id}`}>{d.original_name}</a> ({fileSize(d.byte_size)})
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RfqAmendments({ versions }: { versions: RfqPage["versions"] }) {
  const { t, dateTime } = useT();
  if (versions.length <= 1) return null;
  return (
    <>
      <h2>{t("rfq.amendments")}</h2>
      <ul className="history">
        {versions.slice(1).map((v) => (
          <li key={v.number}>
            <strong>{t("rfq.versionN", { version: v.number })}</strong> · {dateTime(v.created_at)}
            <p>{v.note}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A supplier's own bid on the RFQ: its status, and the way to make, revise or read it. */
export function MyBid({ page }: { page: RfqPage }) {
  const { t, dateTime } = useT();
  const { rfq, actions } = page;
  const bid = page.supplierView?.bid ?? null;
  return (
    <div className="card stack" data-testid="my-bid">
      <h2>{t("bid.mine")}</h2>
      {bid ? (
        <p>
          <BidStatusBadge status={bid.status} /> {t("bid.versionN", { version: bid.version })} · {dateTime(bid.updated_at)}
        </p>
      ) : (
        <p>{actions.includes("bid") ? t("bid.none") : t("bid.noneClosed")}</p>
      )}
      {actions.includes("bid") ? (
        <p>
          <Link to={`/rfqs/${rfq.id}/bid`} className="button primary">
            {bid && bid.status === "submitted" ? t("bid.revise") : t("bid.make")}
          </Link>
        </p>
      ) : bid ? (
        <p>
          <Link to={`/rfqs/${rfq.id}/bid`}>{t("bid.view")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export function RfqQuestions({ page }: { page: RfqPage }) {
  const { t, dateTime } = useT();
  const resultFor = useIntentResult<RfqIntent>();
  const { questions, actions } = page;
  return (
    <>
      <h2 id="questions">{t("rfq.questions")}</h2>
      {questions.length === 0 ? <p className="empty">{t("rfq.noQuestions")}</p> : null}
      <ul className="history" data-testid="questions">
        {questions.map((q) => (
          <li key={q.id}>
            <p>
              <strong>{q.askerName ?? (q.mine ? t("rfq.yourQuestion") : t("rfq.aSupplier"))}</strong> · {dateTime(q.asked_at)}
            </p>
            <p className="prose">{q.question}</p>
            {q.answer ? (
              <p className="prose answer">
                <strong>{t("rfq.answer")}:</strong> {q.answer}
              </p>
            ) : actions.includes("answer") ? (
              <AnswerForm questionId={q.id} lastResult={resultFor("answer", q.id)} />
            ) : (
              <p className="hint">{t("rfq.awaitingAnswer")}</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
