/** Bahasa Indonesia: the edge of the request path (refused bodies), passwords, reset and two-factor sign-in. */
export const securityId = {
  "error.bodyTooLarge": "Kiriman terlalu besar. Kecilkan berkasnya lalu kirim lagi.",
  "error.malformedBody": "Kiriman formulir rusak atau terpotong. Muat ulang halaman lalu coba lagi.",
  "error.tooManyRows": "Formulir berisi lebih banyak baris daripada yang bisa ditampilkan halaman ini. Muat ulang halaman lalu coba lagi.",
  "error.tooManyFields": "Formulir berisi terlalu banyak isian. Muat ulang halaman lalu coba lagi.",
  "error.fieldTooLong": "Salah satu isian terlalu panjang.",
  "error.unsupportedMediaType": "Kirim data ini melalui formulir di halamannya.",
  "error.formOutdated": "Formulir ini sudah tidak sesuai dengan datanya. Muat ulang halaman lalu isi lagi.",
  "error.server": "Ada yang salah di server kami.",
  "errorPage.400.title": "Permintaan tidak dapat diproses",
  "errorPage.400.body": "Kiriman ini tidak dapat kami baca. Muat ulang halaman lalu coba lagi.",
} as const;
