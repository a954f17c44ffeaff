import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { now } from "../clock.server";
import { FormErrors, TextField, useReplyCount } from "../components/form-fields";
import { getDb } from "../db.server";
import { disableTwoFactor } from "../domain/accounts/disable-two-factor.server";
import { enableTwoFactor } from "../domain/accounts/enable-two-factor.server";
import { regenerateRecoveryCodes } from "../domain/accounts/regenerate-recovery-codes.server";
import { twoFactorStatus } from "../domain/accounts/two-factor-status.server";
import { DisableTwoFactorSchema, EnableTwoFactorSchema, RegenerateRecoveryCodesSchema } from "../domain/accounts/schemas";
import { decodeTotpKey, encodeTotpKey, newTotpKey, totpSetup } from "../domain/accounts/totp.server";
import { DomainError } from "../domain/errors";
import { defineAction } from "../http/action.server";
import { requireUser } from "../http/auth.server";
import { dispatchIntent, intent } from "../http/intents.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/use-t";

export const meta = pageTitle("twoFactor.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  const status = await twoFactorStatus(getDb(), auth.user.id);
  if (status.enabledAt) {
    return { enabled: true as const, since: status.enabledAt, left: status.recoveryCodesLeft, isAdmin: auth.user.isAdmin, setup: null };
  }
  // A new key each time the page is shown; it is kept only once a code from the app proves the app holds it.
  return { enabled: false as const, since: null, left: 0, isAdmin: auth.user.isAdmin, setup: await setupFor(newTotpKey(), auth.user.email) };
}

type Setup = { key: string; manualKey: string; qr: string };
type Reply = { intent: "enable" | "disable" | "regenerate"; result: SubmissionResult<string[]>; recoveryCodes?: string[]; setup?: Setup };

async function setupFor(key: Uint8Array, email: string): Promise<Setup> {
  const { qrSvg, manualKey } = await totpSetup(key, email);
  return { key: encodeTotpKey(key), manualKey, qr: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString("base64")}` };
}

export const action = defineAction(async ({ request, form }) => {
  const auth = await requireUser(request);
  const db = getDb();
  const codes = (recoveryCodes: string[], submission: { reply(o: { resetForm: boolean }): SubmissionResult<string[]> }) => ({ result: submission.reply({ resetForm: true }), recoveryCodes });
  return dispatchIntent(form, {
    enable: intent(
      EnableTwoFactorSchema,
      async (v, submission) => {
        const key = keyOf(form);
        const { recoveryCodes } = await enableTwoFactor(db, { userId: auth.user.id, sessionId: auth.session.id, key, code: v.code, now: now() });
        return data<Reply>({ intent: "enable", ...codes(recoveryCodes, submission) });
      },
      // A refused code keeps the same key on the page: the app already holds it.
      { hideFields: ["code"], refusalData: async () => ({ setup: await setupFor(keyOf(form), auth.user.email) }) },
    ),
    regenerate: intent(
      RegenerateRecoveryCodesSchema,
      async (v, submission) => {
        const { recoveryCodes } = await regenerateRecoveryCodes(db, { userId: auth.user.id, code: v.code, now: now() });
        return data<Reply>({ intent: "regenerate", ...codes(recoveryCodes, submission) });
      },
      { hideFields: ["code"] },
    ),
    disable: intent(
      DisableTwoFactorSchema,
      async (v) => {
        await disableTwoFactor(db, { userId: auth.user.id, password: v.password, code: v.code, now: now() });
        return redirect("/account/two-factor?disabled=1");
      },
      { hideFields: ["password", "code"] },
    ),
  });
});

/** The key the setup form carries (the one its QR code showed); a form without a valid one is outdated. */
function keyOf(form: FormData): Uint8Array {
  const key = decodeTotpKey(String(form.get("key") ?? ""));
  if (!key) throw new DomainError("error.formOutdated", 400);
  return key;
}

export default function TwoFactorPage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, dateTime } = useT();
  const replies = useReplyCount(reply);
  const [enableForm, enableFields] = useForm({ id: "enable", lastResult: reply?.intent === "enable" ? reply.result : undefined, shouldValidate: "onSubmit" });
  const [disableForm, disableFields] = useForm({ id: "disable", lastResult: reply?.intent === "disable" ? reply.result : undefined, shouldValidate: "onSubmit" });
  const [regenForm, regenFields] = useForm({ id: "regenerate", lastResult: reply?.intent === "regenerate" ? reply.result : undefined, shouldValidate: "onSubmit" });
  // The new recovery codes (shown once) come with a success; a refused setup code brings its setup back.
  const codes = reply && "recoveryCodes" in reply ? reply.recoveryCodes : undefined;
  const refusedSetup = reply && "setup" in reply ? (reply.setup as Setup | undefined) : undefined;
  const setup = refusedSetup ?? page.setup;
  return (
    <section className="narrow stack">
      <p>
        <Link to="/account">← {t("account.title")}</Link>
      </p>
      <h1>{t("twoFactor.title")}</h1>
      {params.get("required") && !page.enabled ? (
        <p className="form-error" role="alert">
          {t("error.twoFactorRequiredForAdmins")}
        </p>
      ) : null}
      {params.get("disabled") ? (
        <p className="notice" role="status">
          {t("twoFactor.disabledNotice")}
        </p>
      ) : null}
      {codes ? (
        <div className="card stack" data-testid="recovery-codes">
          {reply?.intent === "enable" ? (
            <p className="notice" role="status">
              {t("twoFactor.enabledNotice")}
            </p>
          ) : null}
          <h2>{t("twoFactor.recoveryTitle")}</h2>
          <p>{t("twoFactor.recoveryIntro")}</p>
          <ul className="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {page.enabled ? (
        <>
          <p>{t("twoFactor.on", { date: dateTime(page.since) })}</p>
          <p>{t("twoFactor.recoveryLeft", { count: page.left })}</p>
          <Form method="post" {...getFormProps(regenForm)} className="card stack">
            <FormErrors id={regenForm.errorId} errors={regenForm.errors} />
            <TextField meta={regenFields.code!} label={t("field.totpCode")} inputMode="numeric" autoComplete="one-time-code" resetKey={replies} />
            <button type="submit" name="intent" value="regenerate">
              {t("twoFactor.regenerate")}
            </button>
          </Form>
          {page.isAdmin ? (
            <p className="hint">{t("twoFactor.adminCannotDisable")}</p>
          ) : (
            <Form method="post" {...getFormProps(disableForm)} className="card stack">
              <p className="hint">{t("twoFactor.disableHint")}</p>
              <FormErrors id={disableForm.errorId} errors={disableForm.errors} />
              <TextField meta={disableFields.password!} label={t("field.currentPassword")} type="password" autoComplete="current-password" resetKey={replies} />
              <TextField meta={disableFields.code!} label={t("field.totpCode")} inputMode="numeric" autoComplete="one-time-code" resetKey={replies} />
              <button type="submit" name="intent" value="disable" className="danger">
                {t("twoFactor.disable")}
              </button>
            </Form>
          )}
        </>
      ) : setup ? (
        <>
          <p>{t("twoFactor.off")}</p>
          <Form method="post" {...getFormProps(enableForm)} className="card stack">
            <FormErrors id={enableForm.errorId} errors={enableForm.errors} />
            <p>{t("twoFactor.setupStep1")}</p>
            <img src={setup.qr} alt={t("twoFactor.qrAlt")} width={200} height={200} className="qr" />
            <p>
              <code data-testid="totp-key">{setup.manualKey}</code>
            </p>
            <input type="hidden" name="key" value={setup.key} />
            <p>{t("twoFactor.setupStep2")}</p>
            <TextField meta={enableFields.code!} label={t("field.totpCode")} inputMode="numeric" autoComplete="one-time-code" resetKey={replies} />
            <button type="submit" name="intent" value="enable" className="primary">
              {t("twoFactor.enable")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}
