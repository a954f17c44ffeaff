import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";
import { getAuth } from "../http/auth.server";

/** The language of a visitor who is not logged in; a logged-in user's choice is kept on the user. */
const localeCookie = createCookie("pasok_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function localeFromCookie(request: Request): Promise<Locale | null> {
  const value: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(value) ? value : null;
}

/** The user's saved language, else the cookie's, else Bahasa Indonesia. */
export async function resolveLocale(request: Request): Promise<Locale> {
  const auth = await getAuth(request);
  return auth?.user.locale ?? (await localeFromCookie(request)) ?? DEFAULT_LOCALE;
}

export function serializeLocaleCookie(locale: Locale): Promise<string> {
  return localeCookie.serialize(locale);
}
