import { describe, expect, it } from "vitest";
import { directoryReasons, directoryRequirement } from "../../../app/domain/matching/directory-reasons.server";
import { OWNER_SUPPLIERS } from "../../search/fixtures/owners";
import { MATERIAL_LABELS, PROCESS_LABELS } from "../../search/fixtures/suppliers";

// Why a directory result matched: the search read as a requirement, explained by the matching explainer.

const CAPABILITIES = [
  ...Object.entries(PROCESS_LABELS).map(([code, [label_id, label_en]]) => ({ kind: "process" as const, code, label_id, label_en })),
  ...Object.entries(MATERIAL_LABELS).map(([code, [label_id, label_en]]) => ({ kind: "material" as const, code, label_id, label_en })),
];
const doc = (name: string) => OWNER_SUPPLIERS.find((s) => s.name === name)!;

describe("directory reasons", () => {
  it("reads the processes, materials and standards a query names, in either language, and the filters", () => {
    const need = directoryRequirement("pengecoran sentrifugal FC250 ISO 9001", {}, CAPABILITIES, "2026-12-03");
    expect(need.processes).toEqual(["centrifugal_casting"]);
    expect(need.materials).toEqual(["fc250"]);
    expect(need.requiredCertificates).toEqual(["iso9001"]);
    const english = directoryRequirement("centrifugal casting ductile iron, CNC turning", {}, CAPABILITIES, "2026-12-03");
    expect(english.processes).toEqual(["centrifugal_casting", "cnc_turning"]);
    expect(english.materials).toEqual(["fcd450"]);
    // A word in several labels names none alone: "cor" is every casting process.
    expect(directoryRequirement("cor", {}, CAPABILITIES, "2026-12-03").processes).toEqual([]);
    const filtered = directoryRequirement("", { process: "forging", certificate: "sni", minTkdn: 40, minCapacity: 500, province: "33" }, CAPABILITIES, "2026-12-03");
    expect(filtered).toMatchObject({ processes: ["forging"], requiredCertificates: ["sni"], minTkdnPercent: 40, quantity: 500, provinceCode: "33" });
    expect(directoryRequirement("cangkul", {}, CAPABILITIES, "2026-12-03")).toMatchObject({ processes: [], materials: [], requiredCertificates: [] });
  });

  it("says what the listing has and lacks of it, the certificate's validity, and the place only when asked", () => {
    const need = directoryRequirement("pengecoran sentrifugal FC250 ISO 9001", {}, CAPABILITIES, "2026-12-03");
    const sleeve = directoryReasons(doc("PT Cipta Sleeve Nusantara"), need);
    expect(sleeve).toEqual(
      expect.arrayContaining([
        { kind: "process", code: "centrifugal_casting", met: true },
        { kind: "material", code: "fc250", met: true },
        { kind: "certificate", code: "iso9001", met: true, validUntil: "2028-01-31" },
      ]),
    );
    expect(sleeve.some((r) => r.kind === "region")).toBe(false);
    // A liner maker without ISO 9001: the reason says so.
    const klaten = directoryReasons(doc("Klaten Cylinder Liner Jaya"), need);
    expect(klaten).toContainEqual({ kind: "certificate", code: "iso9001", met: false, validUntil: null });
    const inProvince = directoryReasons(doc("PT Cipta Sleeve Nusantara"), directoryRequirement("", { province: "33" }, CAPABILITIES, "2026-12-03"));
    expect(inProvince).toContainEqual({ kind: "region", same: "province", provinceName: "Jawa Tengah" });
  });
});
