/** Bahasa Indonesia: supplier scorecards (merged into messages.id.ts). */
export const scorecardsId = {
  "scorecard.title": "Rapor kinerja di Pasok",
  "scorecard.onTime": "Pengiriman tepat waktu",
  "scorecard.onTimeDetail": "{met} dari {due} jadwal pengiriman",
  "scorecard.firstPass": "Lolos inspeksi pertama",
  "scorecard.firstPassDetail": "{accepted} dari {inspected} diterima pada inspeksi pertama",
  "scorecard.bidResponse": "Respons undangan RFQ",
  "scorecard.bidResponseDetail": "Menawar {bids} dari {invitations} RFQ yang mengundangnya",
  "scorecard.noData": "Belum ada data",
  "scorecard.chartTitle": "Tepat waktu dan lolos inspeksi pertama per bulan, 12 bulan terakhir",
  "scorecard.chartMonth": "{month}: tepat waktu {onTime}, lolos inspeksi pertama {firstPass}",
  "scorecard.definitions":
    "Tepat waktu: jadwal pengiriman yang sudah jatuh tempo dan terpenuhi paling lambat pada tanggalnya. Lolos inspeksi pertama: barang yang diterima saat pertama kali diinspeksi (barang pengganti tidak dihitung). Dihitung dari pesanan dan undangan di Pasok.",
};
