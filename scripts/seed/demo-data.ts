import type { OrganizationKind } from "../../db/schema";

// The demo world, from the articles behind Pasok (../shared/DOMAIN.md): the organizations are real names;
// the people, their e-mail addresses, and the NIB/NPWP numbers are made up for the demo.

export interface DemoOrganization {
  key: string;
  kind: OrganizationKind;
  buys: boolean;
  legalName: string;
  nib: string;
  npwp: string;
  address: string;
  provinceCode: string;
  regencyCode: string;
  phone: string;
  website?: string;
  owner: { name: string; email: string };
  colleagues?: { name: string; email: string }[];
  /** For IKMs: the key of the cooperative they belong to. */
  memberOf?: string;
  description: string;
}

const JAWA_BARAT = "32";
const DKI_JAKARTA = "31";
const JAWA_TENGAH = "33";
const KOTA_BANDUNG = "32.73";
const KAB_BEKASI = "32.16";
const JAKARTA_UTARA = "31.72";
const KAB_KLATEN = "33.10";
const KAB_TEGAL = "33.28";

export const DEMO_ADMIN = { name: "Sari Wulandari (Ditjen IKMA)", email: "admin@demo.pasok.id" };

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: "kai",
    kind: "buyer",
    buys: true,
    legalName: "PT Kereta Api Indonesia (Persero)",
    nib: "8120000110001",
    npwp: "010001541093000",
    address: "Jl. Perintis Kemerdekaan No. 1",
    provinceCode: JAWA_BARAT,
    regencyCode: KOTA_BANDUNG,
    phone: "022 4230031",
    website: "https://www.kai.id",
    owner: { name: "Dimas Pratama", email: "kai@demo.pasok.id" },
    colleagues: [{ name: "Ayu Lestari", email: "kai.pengadaan@demo.pasok.id" }],
    description: "Pembeli · blok rem komposit",
  },
  {
    key: "tpr",
    kind: "buyer",
    buys: true,
    legalName: "PT TPR Indonesia",
    nib: "8120000220002",
    npwp: "020002652431000",
    address: "Kawasan Industri, Cikarang",
    provinceCode: JAWA_BARAT,
    regencyCode: KAB_BEKASI,
    phone: "021 8990210",
    owner: { name: "Hendra Gunawan", email: "tpr@demo.pasok.id" },
    description: "Pembeli tier 2 · cylinder sleeve",
  },
  {
    key: "ahm",
    kind: "buyer",
    buys: true,
    legalName: "PT Astra Honda Motor",
    nib: "8120000330003",
    npwp: "010003763055000",
    address: "Jl. Laksda Yos Sudarso, Sunter I",
    provinceCode: DKI_JAKARTA,
    regencyCode: JAKARTA_UTARA,
    phone: "021 6518080",
    website: "https://www.astra-honda.com",
    owner: { name: "Rina Kusuma", email: "ahm@demo.pasok.id" },
    description: "Pembeli · komponen sepeda motor",
  },
  {
    key: "kbj",
    kind: "cooperative",
    buys: true,
    legalName: "Koperasi Batur Jaya",
    nib: "9120000440004",
    npwp: "020004874526000",
    address: "Desa Batur, Kecamatan Ceper",
    provinceCode: JAWA_TENGAH,
    regencyCode: KAB_KLATEN,
    phone: "0272 551234",
    owner: { name: "Agus Setiawan", email: "kbj@demo.pasok.id" },
    description: "Koperasi · sentra logam Ceper",
  },
  ...[
    ["ceper-cor", "CV Cor Logam Ceper", "Pengecoran besi cor kelabu", "Bambang Riyadi"],
    ["sinar-baja", "UD Sinar Baja Batur", "Pengecoran dan blok rem", "Slamet Widodo"],
    ["mitra-cor", "CV Mitra Pengecoran Klaten", "Pengecoran sentrifugal", "Sri Handayani"],
    ["karya-logam", "UD Karya Logam Ceper", "Pemesinan hasil cor", "Joko Susilo"],
    ["barokah-foundry", "CV Barokah Foundry Ceper", "Pengecoran pasir", "Siti Aminah"],
    ["tugu-cor", "UD Tugu Cor Tegalrejo", "Rumah pompa dan burner", "Wahyu Nugroho"],
  ].map(
    ([key, legalName, description, owner], i): DemoOrganization => ({
      key: key!,
      kind: "supplier",
      buys: false,
      legalName: legalName!,
      nib: `91200005${String(i + 1).padStart(5, "0")}`,
      npwp: `0300058${String(i + 1).padStart(8, "0")}`,
      address: `Dukuh ${["Batur", "Tegalrejo", "Kuncen", "Ceper", "Mlese", "Jambukulon"][i]}, Kecamatan Ceper`,
      provinceCode: JAWA_TENGAH,
      regencyCode: KAB_KLATEN,
      phone: `0272 55${String(1300 + i)}`,
      owner: { name: owner!, email: `${key}@demo.pasok.id` },
      memberOf: "kbj",
      description: `IKM anggota KBJ · ${description}`,
    }),
  ),
  ...[
    ["takaru-presisi", "CV Takaru Presisi Teknik", "Pemesinan CNC", "Irfan Hakim"],
    ["logam-jaya-tegal", "UD Logam Jaya Tegal", "Pengecoran komponen otomotif", "Dewi Anggraini"],
    ["dampyak-machining", "CV Dampyak Machining", "Bubut dan frais", "Teguh Prasetyo"],
    ["kramat-metal", "CV Kramat Metal Works", "Stamping dan pengelasan", "Nur Fadilah"],
    ["slawi-presisi", "UD Slawi Presisi", "Tempa dan perlakuan panas", "Rudi Hartono"],
    ["bumijawa-cor", "CV Bumijawa Cor Tegal", "Pengecoran selongsong silinder", "Eko Wibowo"],
  ].map(
    ([key, legalName, description, owner], i): DemoOrganization => ({
      key: key!,
      kind: "supplier",
      buys: i === 0,
      legalName: legalName!,
      nib: `91200006${String(i + 1).padStart(5, "0")}`,
      npwp: `04000690${String(i + 1).padStart(8, "0")}`,
      address: `LIK Takaru, Kelurahan Dampyak, Kecamatan Kramat`,
      provinceCode: JAWA_TENGAH,
      regencyCode: KAB_TEGAL,
      phone: `0283 35${String(1400 + i)}`,
      owner: { name: owner!, email: `${key}@demo.pasok.id` },
      description: `IKM LIK Takaru Tegal · ${description}`,
    }),
  ),
];
