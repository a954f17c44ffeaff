import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatRupiah } from "../../app/i18n/format";
import { errorMessage, translate, translateError } from "../../app/i18n/i18n";
import { en } from "../../app/i18n/messages.en";
import { id } from "../../app/i18n/messages.id";

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe("messages", () => {
  it("gives every Indonesian message an English one with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
      expect(en[key].trim(), key).not.toBe("");
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
