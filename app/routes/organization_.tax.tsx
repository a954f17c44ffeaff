import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { BusinessPlaceForm, RegistrationForm, RegistrationStatus, WithdrawForm } from "../components/tax/tax-forms";
import { useIntentResult } from "../components/intent-reply";
import { getDb } from "../db.server";
import { addBusinessPlace, removeBusinessPlace, submitTaxRegistration, taxIdentityPage, withdrawTaxRegistration } from "../domain/tax/tax-identity.server";
import { BusinessPlaceSchema, RemovePlaceSchema, TaxRegistrationSchema, WithdrawRegistrationSchema } from "../domain/tax/tax-schemas";
import { formatNpwp } from "../i18n/format";
import { defineAction } from "../http/action.server";
import { defineLoader } from "../http/loader.server";
import { requireOrganization } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

// The organization's tax identity: NPWP, places of business (NITKU), PKP with its SPPKP and, for a buyer, its
// appointment as PPN collector. Members see it; the owner changes it; an admin verifies the registrations.
export const meta = pageTitle("tax.pageTitle");

const NOTICES = ["place", "removePlace", "registration", "withdraw"] as const;

export const loader = defineLoader(async ({ request }) => {
  const auth = await requireOrganization(request);
  return taxIdentityPage(getDb(), { organizationId: auth.organization.id, isOwner: auth.organization.role === "owner" });
});

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireOrganization(request, { role: "owner" });
  const db = getDb();
  const base = { organizationId: auth.organization.id, actorUserId: auth.user.id, now: now() };
  const back = (done: (typeof NOTICES)[number]) => redirect(`/organization/tax?done=${done}`);
  return dispatchIntent(form, {
    place: intent(BusinessPlaceSchema, async (input) => {
      await addBusinessPlace(db, { ...base, input });
      return back("place");
    }),
    remove_place: intent(RemovePlaceSchema, async (v) => {
      await removeBusinessPlace(db, { ...base, placeId: v.placeId });
      return back("removePlace");
    }),
    registration: intent(
      TaxRegistrationSchema,
      async (input) => {
        await submitTaxRegistration(db, { ...base, input });
        return back("registration");
      },
      { keyField: undefined, hideFields: ["file"] },
    ),
    withdraw: intent(WithdrawRegistrationSchema, async (v) => {
      await withdrawTaxRegistration(db, { ...base, kind: v.kind, revision: v.revision });
      return back("withdraw");
    }),
  });
});

export default function OrganizationTaxPage() {
  const page = useLoaderData<typeof loader>();
  const resultFor = useIntentResult<"place" | "registration" | "withdraw" | "remove_place">();
  const [params] = useSearchParams();
  const { t } = useT();
  const done = NOTICES.find((n) => params.get("done") === n);
  const pkp = page.registrations.find((r) => r.kind === "pkp");
  const collector = page.registrations.find((r) => r.kind === "collector");
  // Which registration a refused form belongs to: the form's own kind.
  const registrationResult = resultFor("registration");
  const resultKind = (registrationResult as { initialValue?: { kind?: string } } | undefined)?.initialValue?.kind;
  return (
    <section className="stack">
      <p>
        <Link to="/organization">← {page.organization.legal_name}</Link>
      </p>
      <h1>{t("tax.pageTitle")}</h1>
      <p className="hint">{t("tax.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`tax.done.${done}`)}
        </p>
      ) : null}
      <div className="card">
        <dl className="facts">
          <dt>{t("tax.npwp")}</dt>
          <dd data-testid="npwp16">{page.organization.npwp16 ? formatNpwp(page.organization.npwp16) : <span className="form-error">{t("tax.npwpMissing")}</span>}</dd>
          <dt>NIB</dt>
          <dd>{page.organization.nib}</dd>
        </dl>
        {page.isOwner ? (
          <p>
            <Link to="/organization#profile">{t("tax.editProfile")}</Link>
          </p>
        ) : null}
      </div>

      {page.mayBePkp ? (
        <div className="card stack" id="pkp">
          <h2>{t("tax.pkp")}</h2>
          <p className="hint">{t("tax.pkpHint")}</p>
          <RegistrationStatus registration={pkp} />
          {page.isOwner ? <RegistrationForm kind="pkp" registration={pkp} lastResult={resultKind === "pkp" ? registrationResult : undefined} /> : null}
          {pkp && pkp.allowed.includes("withdraw") ? <WithdrawForm registration={pkp} /> : null}
        </div>
      ) : null}

      {page.mayCollect ? (
        <div className="card stack" id="collector">
          <h2>{t("tax.collector")}</h2>
          <p className="hint">{t("tax.collectorHint")}</p>
          <RegistrationStatus registration={collector} />
          {collector?.collector_kind ? <p>{t(`tax.collectorKind.${collector.collector_kind}`)}</p> : null}
          {page.isOwner ? <RegistrationForm kind="collector" registration={collector} lastResult={resultKind === "collector" ? registrationResult : undefined} /> : null}
          {collector && collector.allowed.includes("withdraw") ? <WithdrawForm registration={collector} /> : null}
        </div>
      ) : null}

      <div className="card stack" id="places">
        <h2>{t("tax.places")}</h2>
        {page.places.length === 0 ? <p className="empty">{t("tax.noPlaces")}</p> : null}
        <ul className="card-list" data-testid="places">
          {page.places.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>
              {p.is_head_office ? ` · ${t("tax.headOffice")}` : ""} · NITKU {p.nitku}
              <br />
              {p.address}
              {page.isOwner ? (
                <Form method="post" className="actions">
                  <input type="hidden" name="intent" value="remove_place" />
                  <input type="hidden" name="placeId" value={p.id} />
                  <button type="submit">{t("tax.removePlace")}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {page.isOwner ? <BusinessPlaceForm page={page} lastResult={resultFor("place")} /> : null}
      </div>
    </section>
  );
}
