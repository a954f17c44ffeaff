import { getFormProps, useForm } from "@conform-to/react";
import { zodConstraint } from "../components/form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useIntentResult } from "../components/intent-reply";
import { z } from "zod";
import { now } from "../clock.server";
import { FormErrors, SelectField } from "../components/form-fields";
import { getDb } from "../db.server";
import { getCooperativeMembers, getMemberCooperatives } from "../domain/cooperatives/cooperative-views.server";
import { inviteCooperativeMember } from "../domain/cooperatives/invite-cooperative-member.server";
import { respondCooperativeMembership } from "../domain/cooperatives/respond-cooperative-membership.server";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("coop.title");

const InviteMemberSchema = z.object({ memberId: z.number({ error: "error.chooseMember" }).int().positive("error.chooseMember") });
const RespondSchema = z.object({
  membershipId: z.number({ error: "error.invalid" }).int().positive(),
  event: z.enum(["accept", "decline", "leave"], { error: "error.invalid" }),
});

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request, { can: "sell" });
  const db = getDb();
  const isCooperative = auth.organization.kind === "cooperative";
  return {
    isCooperative,
    isOwner: auth.organization.role === "owner",
    cooperative: isCooperative ? await getCooperativeMembers(db, auth.organization.id) : null,
    memberships: isCooperative ? [] : await getMemberCooperatives(db, auth.organization.id),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { can: "sell", role: "owner" });
  const base = { actorUserId: auth.user.id, now: now() };
  return dispatchIntent(form, {
    invite: intent(InviteMemberSchema, async (v) => {
      await inviteCooperativeMember(getDb(), { ...base, cooperativeId: auth.organization.id, memberId: v.memberId });
      return redirect("/supplier/cooperative?invited=1");
    }),
    respond: intent(RespondSchema, async (v) => {
      await respondCooperativeMembership(getDb(), { ...base, memberId: auth.organization.id, membershipId: v.membershipId, event: v.event });
      return redirect("/supplier/cooperative");
    }),
  });
});

export default function CooperativePage() {
  const { isCooperative, isOwner, cooperative, memberships } = useLoaderData<typeof loader>();
  const lastResult = useIntentResult<"invite" | "respond">()("invite");
  const { t, date } = useT();
  const [form, fields] = useForm({
    id: "invite-member",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteMemberSchema }),
    constraint: zodConstraint(InviteMemberSchema),
  });

  if (isCooperative && cooperative) {
    return (
      <section className="stack">
        <h1>{t("coop.title")}</h1>
        <p className="hint">{t("coop.intro")}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("field.legalName")}</th>
                <th>{t("org.status")}</th>
                <th>{t("coop.since")}</th>
              </tr>
            </thead>
            <tbody>
              {cooperative.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.legal_name}</td>
                  <td>{t(`coopStatus.${m.status}` as const)}</td>
                  <td>{date(m.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {isOwner ? (
          <Form method="post" {...getFormProps(form)} className="card stack">
            <h2>{t("coop.inviteTitle")}</h2>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="invite" />
            <SelectField
              meta={fields.memberId}
              label={t("coop.member")}
              options={cooperative.candidates.map((c) => ({ value: String(c.id), label: c.legal_name }))}
              placeholder={t("field.choose")}
            />
            <button type="submit" className="primary">
              {t("coop.invite")}
            </button>
          </Form>
        ) : null}
        <p>
          <Link to="/supplier/listing">{t("listing.title")}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="stack">
      <h1>{t("coop.myCooperatives")}</h1>
      {memberships.length === 0 ? <p className="empty">{t("coop.none")}</p> : null}
      <ul className="history">
        {memberships.map((m) => (
          <li key={m.id}>
            <strong>{m.legal_name}</strong> · {t(`coopStatus.${m.status}` as const)} · {date(m.updated_at)}
            {isOwner && m.allowed.length > 0 ? (
              <div className="actions">
                {m.allowed.map((event) => (
                  <Form method="post" key={event}>
                    <input type="hidden" name="intent" value="respond" />
                    <input type="hidden" name="membershipId" value={m.id} />
                    <button type="submit" name="event" value={event} className={event === "accept" ? "primary" : undefined}>
                      {t(`coop.${event}`)}
                    </button>
                  </Form>
                ))}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
