import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { zodConstraint } from "../form-constraints";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { OrganizationPage } from "../../domain/organizations/organization-profile.server";
import { InvitationSchema, OrganizationProfileSchema } from "../../domain/organizations/schemas";
import { formatNpwp } from "../../i18n/format";
import { useT } from "../../i18n/use-t";
import { FormErrors, RegionFields, SelectField, TextField } from "../form-fields";

// The organization page's sections and its owner's forms (each posts its intent to routes/organization.tsx).

type LastResult = SubmissionResult<string[]> | undefined;

export function OrganizationFacts({ page }: { page: OrganizationPage }) {
  const { t } = useT();
  const { profile, region } = page;
  return (
      <dl className="facts">
        <dt>{t("field.orgKind")}</dt>
        <dd>
          {t(`orgKind.${profile.kind}`)}
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
  );
}

export function MemberList({ members }: { members: OrganizationPage["members"] }) {
  const { t, date } = useT();
  return (
    <>
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
                <td data-label={t("field.email")}>{m.kind === "integration" ? t("member.integration") : m.email}</td>
                <td data-label={t("field.role")}>{t(`role.${m.role}`)}</td>
                <td data-label={t("org.since")}>{date(m.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function InviteForm({ lastResult, newLink }: { lastResult: LastResult; newLink: { link: string; expiresAt: string } | null }) {
  const { t, dateTime } = useT();
  const [inviteForm, inviteFields] = useForm({
    id: "invite",
    lastResult,
    defaultValue: { role: "member" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InvitationSchema }),
    constraint: zodConstraint(InvitationSchema),
  });
  return (
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
  );
}

export function InvitationList({ invitations }: { invitations: OrganizationPage["invitations"] }) {
  const { t, dateTime } = useT();
  return (
    <>
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
                return (
                  <tr key={inv.id}>
                    <td data-label={t("field.email")}>{inv.email ?? "—"}</td>
                    <td data-label={t("field.role")}>{t(`role.${inv.role}`)}</td>
                    <td data-label={t("org.status")}>
                      {t(`invite.status.${inv.shown}`)}
                    </td>
                    <td data-label={t("org.expires")}>{dateTime(inv.expires_at)}</td>
                    <td>
                      {inv.canRevoke ? (
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
    </>
  );
}

export function ProfileForm({ profile, lastResult, saved }: { profile: OrganizationPage["profile"]; lastResult: LastResult; saved: boolean }) {
  const { t } = useT();
  const [profileForm, profileFields] = useForm({
    id: "profile",
    lastResult,
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
    constraint: zodConstraint(OrganizationProfileSchema),
  });
  return (
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
      {saved ? <p className="notice">{t("common.saved")}</p> : null}
      <button type="submit" className="primary">
        {t("common.save")}
      </button>
    </Form>
  );
}
