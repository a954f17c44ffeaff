import { TYPE, parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatRupiah } from "../../app/i18n/format";
import { errorMessage, translate, translateError } from "../../app/i18n/i18n";
import { en } from "../../app/i18n/messages.en";
import { id } from "../../app/i18n/messages.id";

/** The arguments a message takes: `{name}`, and in ICU messages also `{count, plural, …}` and `{n, number}`. */
function placeholders(text: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const e of elements) {
      if ("value" in e && typeof e.value === "string" && e.type !== TYPE.literal) names.add(e.value);
      if ("options" in e) for (const option of Object.values(e.options)) walk(option.value);
    }
  };
  if (/\{\w+, (plural|number|select)\b/.test(text)) walk(parse(text));
  else for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1]!);
  return [...names].sort();
}

describe("messages", () => {
  it("gives every Indonesian message an English one with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
      expect(en[key].trim(), key).not.toBe("");
    }
  });

  it("counts in the language's own plural forms (issue 13 #10)", () => {
    expect(translate("en", "order.replacement", { quantity: 1 })).toBe("1 replacement");
    expect(translate("en", "order.replacement", { quantity: 1200 })).toBe("1,200 replacements");
    expect(translate("id", "order.replacement", { quantity: 1200 })).toBe("1.200 pengganti");
    expect(translate("en", "compare.intro", { count: 1, closed: "1 Dec" })).toMatch(/^1 bid opened at 1 Dec\./);
    expect(translate("en", "rfq.sealedCount", { count: 1, deadline: "1 Dec" })).toBe("1 bid received. Its contents stay sealed until 1 Dec.");
    expect(translate("en", "account.sessionCount", { count: 1 })).toBe("Your account is logged in on 1 device or browser.");
    expect(translate("en", "directory.count", { count: 2 })).toBe("2 suppliers");
    expect(translate("en", "moderation.ageDays", { count: 1 })).toBe("1 day");
    // Every counted English message has a "one" form, and each formats for 1 and for many without error.
    for (const [key, text] of Object.entries(en)) {
      if (!text.includes(", plural,")) continue;
      expect(text, key).toMatch(/one \{/);
      const params = Object.fromEntries(placeholders(text).map((p) => [p, 1]));
      expect(translate("en", key as keyof typeof en, params), key).not.toMatch(/[{}]/);
    }
  });

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(translate("id", "home.welcome", { name: "Agus" })).toBe("Selamat datang, Agus");
    expect(translate("en", "home.welcome", { name: "Agus" })).toBe("Welcome, Agus");
    expect(translate("en", "home.welcome")).toBe("Welcome, {name}");
  });

  it("carries parameters of a validation message through a form round trip", () => {
    const message = errorMessage("error.loginThrottled", { time: "12.45 WIB" });
    expect(translateError("id", message)).toBe("Terlalu banyak percobaan masuk yang gagal. Coba lagi pukul 12.45 WIB.");
    expect(translateError("en", "Invalid input: expected string")).toBe("This value is not valid.");
  });
});

describe("formats", () => {
  it("writes rupiah as Rp 1.250.000 (whole rupiah, dots for thousands)", () => {
    expect(formatRupiah(1_250_000).replace(/\u00a0/g, " ")).toBe("Rp 1.250.000");
    expect(formatRupiah(0).replace(/\u00a0/g, " ")).toBe("Rp 0");
    expect(formatRupiah(1_999_999_999).replace(/\u00a0/g, " ")).toBe("Rp 1.999.999.999");
  });

  it("shows times in Jakarta (UTC+7), so 18:30 UTC is already the next day", () => {
    expect(formatDate("2026-11-22T18:30:00.000Z", "id")).toBe("23 November 2026");
    expect(formatDate("2026-11-22T18:30:00.000Z", "en")).toBe("23 November 2026");
    expect(formatDateTime("2026-11-22T05:34:00.000Z", "id")).toBe("22 Nov 2026, 12.34 WIB");
    expect(formatDateTime("2026-11-22T05:34:00.000Z", "en")).toBe("22 Nov 2026, 12:34 WIB");
  });
});
