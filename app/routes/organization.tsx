import { formatNpwp } from "../i18n/format";
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, RegionFields, SelectField, TextField } from "../components/form-fields";
import { config } from "../config.server";
import { getDb } from "../db.server";
import { createInvitation, invitationPath, listInvitations, revokeInvitation } from "../domain/organizations/invitations.server";
import { listMembers } from "../domain/organizations/memberships.server";
import { getOrganizationProfile } from "../domain/organizations/organization-profile.server";
import { regionNames } from "../domain/organizations/regions.server";
import { InvitationSchema, OrganizationProfileSchema } from "../domain/organizations/schemas";
import { updateOrganization } from "../domain/organizations/update-organization.server";
import { defineAction, defineLoader } from "../http/action.server";
import { requireOrganization } from "../http/auth.server";
import { errorReply } from "../http/forms.server";
import { useT } from "../i18n/use-t";
import { pageTitle } from "../i18n/meta";

export const meta = pageTitle("nav.organization");

export const loader = defineLoader(async ({ request }: LoaderFunctionArgs) => {
  const auth = await requireOrganization(request);
  const db = getDb();
  const organizationId = auth.organization.id;
  const profile = await getOrganizationProfile(db, organizationId);
  const isOwner = auth.organization.role === "owner";
  return {
    profile,
    region: await regionNames(profile.province_code, profile.regency_code),
    isOwner,
    members: await listMembers(db, organizationId),
    invitations: isOwner ? await listInvitations(db, organizationId) : [],
    currentTime: now().toISOString(),
  };
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  const formData = form;
  const intent = formData.get("intent");
  const db = getDb();
  const organizationId = auth.organization.id;

  if (intent === "profile") {
    const submission = parseWithZod(formData, { schema: OrganizationProfileSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      await updateOrganization(db, {
        ...submission.value,
        website: submission.value.website ?? null,
        buys: submission.value.buys === "on",
        organizationId,
        actorUserId: auth.user.id,
        now: now(),
      });
      return { intent, result: submission.reply(), saved: true as const };
    } catch (error) {
      const { result, status } = errorReply(submission, error);
      return data({ intent, result }, { status });
    }
  }

  if (intent === "invite") {
    const submission = parseWithZod(formData, { schema: InvitationSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { token, expiresAt } = await createInvitation(db, {
      organizationId,
      actorUserId: auth.user.id,
      email: submission.value.email,
      role: submission.value.role,
      now: now(),
      publicUrl: config().PUBLIC_URL,
    });
    const link = new URL(invitationPath(token), request.url).toString();
    return { intent, result: submission.reply({ resetForm: true }), link, expiresAt };
  }

  if (intent === "revoke") {
    await revokeInvitation(db, {
      invitationId: Number(formData.get("invitationId")),
      organizationId,
      actorUserId: auth.user.id,
      now: now(),
    });
    return redirect("/organization");
  }
  throw redirect("/organization");
});

export default function OrganizationPage() {
  const { profile, region, isOwner, members, invitations, currentTime } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, date, dateTime } = useT();
  const [profileForm, profileFields] = useForm({
    id: "profile",
    lastResult: actionData?.intent === "profile" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      legalName: profile.legal_name,
      nib: profile.nib,
      npwp: profile.npwp,
      address: profile.address,
      provinceCode: profile.province_code,
      regencyCode: profile.regency_code,
      phone: profile.phone,
      website: profile.website ?? "",
      buys: profile.buys === 1 ? "on" : undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationProfileSchema }),
  });
  const [inviteForm, inviteFields] = useForm({
    id: "invite",
    lastResult: actionData?.intent === "invite" ? actionData.result : undefined,
    defaultValue: { role: "member" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationSchema }),
  });
  const newLink =
    actionData && "link" in actionData && actionData.link && actionData.expiresAt
      ? { link: actionData.link, expiresAt: actionData.expiresAt }
      : null;

  return (
    <section className="stack">
      <h1>{profile.legal_name}</h1>
      <dl className="facts">
        <dt>{t("field.orgKind")}</dt>
        <dd>
          {t(`orgKind.${profile.kind}` as const)}
          {profile.kind !== "buyer" && profile.buys === 1 ? ` · ${t("org.alsoBuys")}` : ""}
        </dd>
        <dt>{t("field.nib")}</dt>
        <dd>{profile.nib}</dd>
        <dt>{t("field.npwp")}</dt>
        <dd>{formatNpwp(profile.npwp)}</dd>
        <dt>{t("field.address")}</dt>
        <dd>
          {profile.address}, {region.regency}, {region.province}
        </dd>
        <dt>{t("field.phone")}</dt>
        <dd>{profile.phone}</dd>
        {profile.website ? (
          <>
            <dt>{t("field.website")}</dt>
            <dd>
              <a href={profile.website} rel="noopener noreferrer">
                {profile.website}
              </a>
            </dd>
          </>
        ) : null}
      </dl>

      <h2>{t("org.members")}</h2>
      <div className="table-wrap">
        <table className="stacked">
          <thead>
            <tr>
              <th>{t("field.name")}</th>
              <th>{t("field.email")}</th>
              <th>{t("field.role")}</th>
              <th>{t("org.since")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td data-label={t("field.name")}>{m.name}</td>
                <td data-label={t("field.email")}>{m.email}</td>
                <td data-label={t("field.role")}>{t(`role.${m.role}` as const)}</td>
                <td data-label={t("org.since")}>{date(m.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {isOwner ? (
        <>
          <Form method="post" {...getFormProps(inviteForm)} className="card stack">
            <h2>{t("org.inviteTitle")}</h2>
            <p className="hint">{t("org.inviteHint")}</p>
            <input type="hidden" name="intent" value="invite" />
            <div className="field-row">
              <TextField meta={inviteFields.email} label={t("field.email")} type="email" />
              <SelectField
                meta={inviteFields.role}
                label={t("field.role")}
                options={[
                  { value: "member", label: t("role.member") },
                  { value: "owner", label: t("role.owner") },
                ]}
              />
            </div>
            <button type="submit">{t("org.createInvite")}</button>
            {newLink ? (
              <div className="notice" role="status">
                <p>{t("org.inviteCreated", { expires: dateTime(newLink.expiresAt) })}</p>
                <input className="copy" readOnly value={newLink.link} aria-label={t("org.inviteLink")} data-testid="invite-link" />
              </div>
            ) : null}
          </Form>

          {invitations.length > 0 ? (
            <>
              <h2>{t("org.invitations")}</h2>
              <div className="table-wrap">
                <table className="stacked">
                  <thead>
                    <tr>
                      <th>{t("field.email")}</th>
                      <th>{t("field.role")}</th>
                      <th>{t("org.status")}</th>
                      <th>{t("org.expires")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {invitations.map((inv) => {
                      const expired = inv.status === "pending" && inv.expires_at <= currentTime;
                      return (
                        <tr key={inv.id}>
                          <td data-label={t("field.email")}>{inv.email ?? "—"}</td>
                          <td data-label={t("field.role")}>{t(`role.${inv.role}` as const)}</td>
                          <td data-label={t("org.status")}>
                            {t(expired ? "invite.status.expired" : (`invite.status.${inv.status}` as const))}
                          </td>
                          <td data-label={t("org.expires")}>{dateTime(inv.expires_at)}</td>
                          <td>
                            {inv.status === "pending" && !expired ? (
                              <Form method="post">
                                <input type="hidden" name="intent" value="revoke" />
                                <input type="hidden" name="invitationId" value={inv.id} />
                                <button type="submit" className="link-button">
                                  {t("org.revoke")}
                                </button>
                              </Form>
                            ) : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          {isOwner ? (
            <Form method="post" {...getFormProps(profileForm)} className="card stack">
              <h2>{t("org.editProfile")}</h2>
              <FormErrors id={profileForm.errorId} errors={profileForm.errors} />
              <input type="hidden" name="intent" value="profile" />
              <TextField meta={profileFields.legalName} label={t("field.legalName")} />
              <div className="field-row">
                <TextField meta={profileFields.nib} label={t("field.nib")} inputMode="numeric" hint={t("hint.nib")} />
                <TextField meta={profileFields.npwp} label={t("field.npwp")} inputMode="numeric" hint={t("hint.npwp")} />
              </div>
              <TextField meta={profileFields.address} label={t("field.address")} />
              <RegionFields province={profileFields.provinceCode} regency={profileFields.regencyCode} />
              <div className="field-row">
                <TextField meta={profileFields.phone} label={t("field.phone")} type="tel" />
                <TextField meta={profileFields.website} label={t("field.website")} hint={t("hint.optional")} />
              </div>
              {profile.kind !== "buyer" ? (
                <label className="checkbox">
                  <input {...getInputProps(profileFields.buys, { type: "checkbox", value: "on" })} />
                  {t("field.alsoBuys")}
                </label>
              ) : null}
              {actionData?.intent === "profile" && "saved" in actionData ? <p className="notice">{t("common.saved")}</p> : null}
              <button type="submit" className="primary">
                {t("common.save")}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
