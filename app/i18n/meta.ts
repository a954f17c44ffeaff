import type { MetaArgs } from "@remix-run/node";
import { DEFAULT_LOCALE, translate, type Locale, type MessageKey } from "./i18n";

/** A route's <title> in the reader's language: "<page> · Pasok". */
export function pageTitle(key: MessageKey) {
  return ({ matches }: MetaArgs) => {
    const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
    return [{ title: `${translate(root?.locale ?? DEFAULT_LOCALE, key)} · Pasok` }];
  };
}
