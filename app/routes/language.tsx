import { redirect } from "@remix-run/node";
import { getDb } from "../db.server";
import { setUserLocale } from "../domain/accounts/update-account.server";
import { defineAction } from "../http/action.server";
import { getAuth, safeRedirect } from "../http/auth.server";
import { isLocale } from "../i18n/i18n";
import { serializeLocaleCookie } from "../i18n/locale.server";

export async function loader() {
  return redirect("/");
}

/** Switches the language: saved on the user when logged in, and in a cookie either way. */
export const action = defineAction(async ({ request, form }) => {
  const formData = form;
  const locale = formData.get("locale");
  const back = safeRedirect(String(formData.get("redirectTo") ?? "/"));
  if (!isLocale(locale)) return redirect(back);
  const auth = await getAuth(request);
  if (auth) await setUserLocale(getDb(), auth.user.id, locale);
  return redirect(back, { headers: { "Set-Cookie": await serializeLocaleCookie(locale) } });
}, { resource: true });
