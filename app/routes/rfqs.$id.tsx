import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { now } from "../clock.server";
import { FieldErrors, FormErrors, TextAreaField } from "../components/form-fields";
import { Chips, fileSize, useCapabilityLabel } from "../components/listing";
import { BidStatusBadge, RfqStatusBadge } from "../components/rfq";
import { getDb } from "../db.server";
import { regionNames } from "../domain/organizations/regions.server";
import { cancelRfq } from "../domain/rfqs/cancel-rfq.server";
import { inviteSuppliers } from "../domain/rfqs/invite-suppliers.server";
import { answerQuestion, askQuestion } from "../domain/rfqs/questions.server";
import { getRfqPage } from "../domain/rfqs/rfq-views.server";
import { publishRfq } from "../domain/rfqs/save-rfq.server";
import { AnswerSchema, CancelRfqSchema, InviteSuppliersSchema, QuestionSchema } from "../domain/rfqs/schemas";
import { listCapabilities } from "../domain/suppliers/capabilities.server";
import { capabilityOptions } from "../domain/suppliers/capability-options";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("rfq.pageTitle");

const INTENTS = ["publish", "invite", "cancel", "ask", "answer"] as const;
type Intent = (typeof INTENTS)[number];
const NOTICES = ["saved", "published", "amended", "invited", "asked", "answered", "cancelled"] as const;

export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const viewer = { userId: auth.user.id, organizationId: auth.organization.id, sells: auth.organization.sells };
  const page = await getRfqPage(db, Number(params.id), viewer, now());
  return {
    ...page,
    region: await regionNames(page.rfq.delivery_province_code, page.rfq.delivery_regency_code),
    capabilities: await listCapabilities(db),
    now: now().toISOString(),
  };
});

/** Each form on the page answers with its own result, so errors appear next to the right form. */
function reply(intent: Intent, result: SubmissionResult<string[]>, status: number, questionId?: number) {
  return data({ intent, questionId, result }, { status });
}

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request);
  const formData = form;
  const intent = String(formData.get("intent")) as Intent;
  const rfqId = Number(params.id);
  const db = getDb();
  const base = { rfqId, actorUserId: auth.user.id, now: now() };
  const buyer = { ...base, buyerId: auth.organization.id };

  if (intent === "publish") {
    const submission = parseWithZod(formData, { schema: z.object({}) });
    try {
      await publishRfq(db, buyer);
      return redirect(`/rfqs/${rfqId}?published=1`);
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status);
    }
  }
  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: InviteSuppliersSchema });
    if (submission.status !== "success") return reply(intent, submission.reply(), 400);
    try {
      await inviteSuppliers(db, { ...buyer, supplierIds: submission.value.supplierIds });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status);
    }
    return redirect(`/rfqs/${rfqId}?invited=1`);
  }
  if (intent === "cancel") {
    const submission = parseWithZod(formData, { schema: CancelRfqSchema });
    if (submission.status !== "success") return reply(intent, submission.reply(), 400);
    try {
      await cancelRfq(db, { ...buyer, reason: submission.value.reason });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status);
    }
    return redirect(`/rfqs/${rfqId}?cancelled=1`);
  }
  if (intent === "ask") {
    const submission = parseWithZod(formData, { schema: QuestionSchema });
    if (submission.status !== "success") return reply(intent, submission.reply(), 400);
    try {
      await askQuestion(db, { ...base, supplierId: auth.organization.id, question: submission.value.question });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status);
    }
    return redirect(`/rfqs/${rfqId}?asked=1#questions`);
  }
  if (intent === "answer") {
    const submission = parseWithZod(formData, { schema: AnswerSchema });
    const questionId = Number(formData.get("questionId"));
    if (submission.status !== "success") return reply(intent, submission.reply(), 400, questionId);
    try {
      await answerQuestion(db, { ...buyer, questionId: submission.value.questionId, answer: submission.value.answer });
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return reply(intent, result, status, questionId);
    }
    return redirect(`/rfqs/${rfqId}?answered=1#questions`);
  }
  throw data({ messageKey: "error.invalid" }, { status: 400 });
});

type ActionData = { intent: Intent; questionId?: number; result: SubmissionResult<string[]> } | undefined;

export default function RfqPage() {
  const page = useLoaderData<typeof loader>();
  const { rfq, role, buyer, lines, versions, questions, buyerView, supplierView, region, capabilities } = page;
  const actionData = useActionData<typeof action>() as ActionData;
  const [params] = useSearchParams();
  const { t, locale, date, dateTime, rupiah, number } = useT();
  const label = useCapabilityLabel(capabilityOptions(capabilities, locale));
  const resultFor = (intent: Intent, questionId?: number) =>
    actionData?.intent === intent && (questionId === undefined || actionData.questionId === questionId) ? actionData.result : undefined;
  const notice = NOTICES.find((n) => params.get(n));
  const bid = supplierView?.bid ?? null;

  return (
    <section className="stack">
      <p>
        <Link to="/rfqs">← {t("rfq.listTitle")}</Link>
      </p>
      <div className="heading-row">
        <h1>{rfq.title}</h1>
        <RfqStatusBadge status={rfq.status} />
      </div>
      {notice ? (
        <p className="notice" role="status">
          {t(`rfq.notice.${notice}` as const)}
        </p>
      ) : null}
      {rfq.status === "cancelled" ? (
        <div className="form-error" role="alert">
          <p>
            {t("rfq.cancelledBecause")} {rfq.cancel_reason}
          </p>
        </div>
      ) : null}

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
          <dd>{t(`rfq.visibility.${rfq.visibility}` as const)}</dd>
          {versions.length > 0 ? (
            <>
              <dt>{t("rfq.version")}</dt>
              <dd>{rfq.version}</dd>
            </>
          ) : null}
        </dl>
        {rfq.description ? <p className="prose">{rfq.description}</p> : null}
      </div>

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
                  {number(l.quantity)} {t(`rfqUnit.${l.unit}` as const)}
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

      {versions.length > 1 ? (
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
      ) : null}

      {role === "supplier" ? (
        <div className="card stack" data-testid="my-bid">
          <h2>{t("bid.mine")}</h2>
          {bid ? (
            <p>
              <BidStatusBadge status={bid.status} /> {t("bid.versionN", { version: bid.version })} · {dateTime(bid.updated_at)}
            </p>
          ) : (
            <p>{rfq.status === "open" ? t("bid.none") : t("bid.noneClosed")}</p>
          )}
          {rfq.status === "open" ? (
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
      ) : null}

      {buyerView ? <BuyerPanel rfq={rfq} view={buyerView} resultFor={resultFor} /> : null}

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
            ) : role === "buyer" && rfq.status !== "cancelled" && rfq.status !== "awarded" ? (
              <AnswerForm questionId={q.id} lastResult={resultFor("answer", q.id)} />
            ) : (
              <p className="hint">{t("rfq.awaitingAnswer")}</p>
            )}
          </li>
        ))}
      </ul>
      {role === "supplier" && rfq.status === "open" ? <AskForm lastResult={resultFor("ask")} /> : null}
    </section>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function BuyerPanel({
  rfq,
  view,
  resultFor,
}: {
  rfq: LoaderData["rfq"];
  view: NonNullable<LoaderData["buyerView"]>;
  resultFor: (intent: Intent) => SubmissionResult<string[]> | undefined;
}) {
  const { t, dateTime } = useT();
  const [invite, inviteFields] = useForm<z.input<typeof InviteSuppliersSchema>>({
    id: "invite",
    lastResult: resultFor("invite"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSuppliersSchema }),
  });
  const [cancel, cancelFields] = useForm<z.input<typeof CancelRfqSchema>>({
    id: "cancel",
    lastResult: resultFor("cancel"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelRfqSchema }),
  });
  const publishErrors = Object.values(resultFor("publish")?.error ?? {}).flat() as string[];
  const canInvite = rfq.status === "draft" || rfq.status === "open";
  const canCancel = rfq.status === "draft" || rfq.status === "open" || rfq.status === "closed";

  return (
    <div className="stack" data-testid="buyer-panel">
      <div className="card stack">
        <h2>{t("rfq.bids")}</h2>
        {rfq.status === "draft" ? <p>{t("rfq.draftHint")}</p> : null}
        {rfq.status === "open" ? (
          <p data-testid="bid-count">
            {t("rfq.sealedCount", { count: view.bidCount, deadline: rfq.bid_deadline ? dateTime(rfq.bid_deadline) : "—" })}
          </p>
        ) : null}
        {rfq.status === "closed" || rfq.status === "awarded" ? (
          <p>
            <Link to={`/rfqs/${rfq.id}/compare`} className="button primary">
              {rfq.status === "closed" ? t("rfq.compareAndAward", { count: view.bidCount }) : t("rfq.viewAward")}
            </Link>
          </p>
        ) : null}
        <FormErrors errors={publishErrors} />
        <div className="actions">
          {rfq.status === "draft" || rfq.status === "open" ? (
            <Link to={`/rfqs/${rfq.id}/matches`} className="button">
              {t("match.findSuppliers")}
            </Link>
          ) : null}
          {rfq.status === "draft" || rfq.status === "open" ? (
            <Link to={`/rfqs/${rfq.id}/edit`} className="button">
              {rfq.status === "draft" ? t("rfq.editDraft") : t("rfq.amend")}
            </Link>
          ) : null}
          {rfq.status === "draft" ? (
            <Form method="post">
              <button type="submit" name="intent" value="publish" className="primary">
                {t("rfq.publish")}
              </button>
            </Form>
          ) : null}
          <Link to={`/rfqs/${rfq.id}/post-again`} className="button">
            {t("rfq.postAgain")}
          </Link>
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
        {canInvite && view.candidates.length > 0 ? (
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

      {canCancel ? (
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

function AskForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof QuestionSchema>>({
    id: "ask",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuestionSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="card stack">
      <h3>{t("rfq.ask")}</h3>
      <p className="hint">{t("rfq.askHint")}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextAreaField meta={fields.question} label={t("rfq.question")} />
      <button type="submit" name="intent" value="ask">
        {t("rfq.sendQuestion")}
      </button>
    </Form>
  );
}

function AnswerForm({ questionId, lastResult }: { questionId: number; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof AnswerSchema>>({
    id: `answer-${questionId}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { questionId: String(questionId) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input {...getInputProps(fields.questionId, { type: "hidden" })} key={fields.questionId.key} />
      <TextAreaField meta={fields.answer} label={t("rfq.answer")} />
      <button type="submit" name="intent" value="answer">
        {t("rfq.sendAnswer")}
      </button>
    </Form>
  );
}
