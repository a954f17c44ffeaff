// Certificates and standards as words a buyer types, in both languages: a query naming a standard together with
// a process ("pengecoran ISO 9001", "IATF 16949 machining") finds the suppliers holding it. Only certificates
// valid today are on a supplier's document (app/domain/search/documents.server.ts; the daily job re-indexes a
// supplier when one expires), so only those are searchable. Each entry says where its words come from.

export const STANDARD_TERMS: Record<string, { terms: string[]; source: string }> = {
  iso9001: {
    terms: ["ISO 9001", "ISO9001", "sistem manajemen mutu", "manajemen mutu", "quality management system", "quality management"],
    source: "ISO 9001:2015 Quality management systems; SNI ISO 9001:2015 (BSN) names it Sistem manajemen mutu",
  },
  iso14001: {
    terms: ["ISO 14001", "ISO14001", "sistem manajemen lingkungan", "manajemen lingkungan", "environmental management system", "environmental management"],
    source: "ISO 14001:2015 Environmental management systems; SNI ISO 14001:2015 (BSN): Sistem manajemen lingkungan",
  },
  iatf16949: {
    terms: ["IATF 16949", "IATF16949", "ISO/TS 16949", "TS 16949", "manajemen mutu otomotif", "automotive quality management"],
    source: "IATF 16949:2016, the automotive quality management standard that replaced ISO/TS 16949",
  },
  sni: {
    terms: ["SNI", "Standar Nasional Indonesia", "sertifikat SNI", "SPPT SNI", "Indonesian National Standard"],
    source: "UU 20/2014 Standardisasi dan Penilaian Kesesuaian: SNI, certified by an LSPro (SPPT SNI)",
  },
  smk3: {
    terms: ["SMK3", "keselamatan dan kesehatan kerja", "K3", "occupational safety and health", "OHS"],
    source: "PP 50/2012 Penerapan Sistem Manajemen Keselamatan dan Kesehatan Kerja (SMK3)",
  },
  tkdn: {
    terms: ["TKDN", "tingkat komponen dalam negeri", "sertifikat TKDN", "local content"],
    source: "Permenperin 16/2011 jo. 46/2022: Tingkat Komponen Dalam Negeri, certified by a verifier (Sucofindo, Surveyor Indonesia)",
  },
};

/** The searchable words of a supplier's valid certificates. */
export function standardTerms(certificates: readonly string[]): string[] {
  return certificates.flatMap((code) => STANDARD_TERMS[code]?.terms ?? []);
}
