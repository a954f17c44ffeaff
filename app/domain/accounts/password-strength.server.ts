import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import * as indonesian from "@zxcvbn-ts/language-id";
import type { z } from "zod";
import { errorMessage, type Locale } from "../../i18n/i18n";
import { PASSWORD_MIN_LENGTH } from "./schemas";

// A password is judged by how guessable it is, not by its length alone: zxcvbn-ts with the common-password
// lists and the English and Indonesian dictionaries, told who the user is (e-mail, name, organization) so
// that "Budi-Ceper-2026" scores as the guess it is. Score 3 of 4 ("safely unguessable") is required.
export const MIN_PASSWORD_SCORE = 3;

const dictionary = { ...common.dictionary, ...english.dictionary, ...indonesian.dictionary };

// One checker (its ranked dictionaries are the big part: tens of MB) whose feedback comes back as message
// paths ("warnings.commonPassword"), translated afterwards from zxcvbn's own Indonesian or English texts.
type Translations = typeof english.translations;
const asPaths = (group: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.keys(group).map((key) => [key, `${prefix}.${key}`]));
const PATHS = Object.fromEntries(
  Object.entries(english.translations).map(([group, texts]) => [group, asPaths(texts as Record<string, string>, group)]),
) as unknown as Translations;

let checker: ZxcvbnFactory | undefined;
function factory(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary,
    graphs: common.adjacencyGraphs,
    translations: PATHS,
    // Fuzzy matching costs more than a moment on long inputs; the dictionaries and l33t rules suffice.
    useLevenshteinDistance: false,
    // Only the first 64 characters are judged: pattern matching grows fast with length, and a password
    // whose first 64 characters are strong is strong.
    maxLength: 64,
    // Each l33t substitution tried multiplies the work (100 of them took over a second on a 64-character
    // repeat); one keeps the worst case under 100 ms while "p@ssw0rd"-style words are still in the lists.
    l33tMaxSubstitutions: 1,
  });
  return checker;
}

function feedbackText(path: string, locale: Locale): string {
  const [group, key] = path.split(".") as [keyof Translations, string];
  const texts = (locale === "en" ? english.translations : indonesian.translations)[group] as Record<string, string> | undefined;
  return texts?.[key] ?? "";
}

/** The words that identify this person: e-mail (and its local part), name, organization. */
function personalWords(about: { email?: string; name?: string; organization?: string }): string[] {
  const words = new Set<string>(["pasok"]);
  const add = (value: string | undefined) => {
    if (!value) return;
    const v = value.trim().toLowerCase();
    if (v.length >= 3) words.add(v);
    for (const part of v.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  };
  add(about.email);
  add(about.email?.split("@")[0]);
  add(about.name);
  add(about.organization);
  return [...words];
}

/**
 * Why this password is refused, as a message for its field (null when it is strong enough): it contains
 * the user's own e-mail or name, or zxcvbn scores it below MIN_PASSWORD_SCORE (its warning, in the user's
 * language, says why).
 */
export function passwordWeakness(
  password: string,
  about: { email?: string; name?: string; organization?: string },
  locale: Locale,
): string | null {
  // Compared without spaces and punctuation, so "Budi-Santoso-2026" counts as the name "Budi Santoso".
  const plain = (text: string | undefined) => (text ?? "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const pw = plain(password);
  const local = plain(about.email?.split("@")[0]);
  const name = plain(about.name);
  if ((local.length >= 4 && pw.includes(local)) || (name.length >= 4 && pw.includes(name))) {
    return "error.passwordPersonal";
  }
  const result = factory().check(password, personalWords(about));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const path = result.feedback.warning || result.feedback.suggestions[0] || "";
  const hint = path ? feedbackText(path, locale) : "";
  return errorMessage("error.passwordWeak", { hint });
}

/** Builds the checker ahead of the first sign-up (about half a second, once). */
export function warmPasswordChecker(): void {
  factory().check("warm-up");
}

/**
 * A refinement for a form's zod schema on the server: the password field is judged by passwordWeakness, so
 * the refusal lands next to that field with the rest of the parse.
 */
export function strongPassword<T extends Record<string, unknown>>(
  locale: Locale,
  field: keyof T & string,
  about: (value: T) => { email?: string; name?: string; organization?: string },
) {
  return (value: T, ctx: z.RefinementCtx) => {
    const password = value[field];
    if (typeof password !== "string" || password.length < PASSWORD_MIN_LENGTH) return;
    const who = about(value);
    // Equal to the e-mail has its own message already (schemas.ts).
    if (who.email && password.trim().toLowerCase() === who.email.trim().toLowerCase()) return;
    const weakness = passwordWeakness(password, who, locale);
    if (weakness) ctx.addIssue({ code: "custom", path: [field], message: weakness });
  };
}
