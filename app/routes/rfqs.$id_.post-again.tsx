import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { now } from "../clock.server";
import { FormErrors } from "../components/form-fields";
import { getDb } from "../db.server";
import { cloneRfq, previewRepost } from "../domain/rfqs/clone-rfq.server";
import type { CapacityUnit } from "../domain/suppliers/listing-data";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";
import { idParam } from "../http/params.server";

export const meta = pageTitle("repost.title");

// "Posting lagi": what a repeat of this RFQ copies and the dates it proposes, confirmed before a draft exists.
export const loader = defineLoader(async ({ request, params }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  return previewRepost(getDb(), { rfqId: idParam(params, "id"), buyerId: auth.organization.id, now: now() });
});

export const action = defineAction(async ({ request, params, form }) => {
  const auth = await requireOrganization(request, { can: "buy" });
  const submission = parseWithZod(form, { schema: z.object({}) });
  const rfqId = idParam(params, "id");
  try {
    const id = await cloneRfq(getDb(), { rfqId, buyerId: auth.organization.id, actorUserId: auth.user.id, now: now() });
    return redirect(`/rfqs/${id}/edit?cloned=${rfqId}`);
  } catch (error) {
    const { result, status } = errorReply(submission, error);
    return data(result, { status });
  }
});

export default function PostAgainPage() {
  const { rfq, lines, dates } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, rupiah, number, date, dateTime } = useT();
  return (
    <section className="stack">
      <p>
        <Link to={`/rfqs/${rfq.id}`}>← {rfq.title}</Link>
      </p>
      <h1>{t("repost.title")}</h1>
      <p>{t("repost.intro", { title: rfq.title })}</p>
      <div className="card stack">
        <h2>{t("repost.copied")}</h2>
        <ul className="lines" data-testid="repost-lines">
          {lines.map((l) => (
            <li key={l.id}>
              {l.position}. {l.part_name} — {number(l.quantity)} {t(`rfqUnit.${l.unit}` as const)}
              {l.target_unit_price ? ` · ${t("compare.target")} ${rupiah(l.target_unit_price)}` : ""}
              {" · "}
              {t("repost.drawings", { count: l.drawings })}
            </li>
          ))}
        </ul>
        <p className="hint">{t("repost.notCopied")}</p>
      </div>
      <div className="card stack">
        <h2>{t("repost.dates")}</h2>
        <dl className="facts">
          <dt>{t("rfq.bidDeadline")}</dt>
          <dd data-testid="repost-deadline">{dateTime(dates.bidDeadline)}</dd>
          <dt>{t("rfq.neededBy")}</dt>
          <dd data-testid="repost-needed-by">{date(dates.neededBy)}</dd>
        </dl>
        <p className="hint">{t("repost.datesHint")}</p>
      </div>
      <Form method="post" className="stack">
        <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
        <div className="actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("repost.confirm")}
          </button>
          <Link to={`/rfqs/${rfq.id}`} className="button">
            {t("repost.back")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
