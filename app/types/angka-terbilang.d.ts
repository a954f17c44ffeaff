declare module "@develoka/angka-terbilang-js" {
  /** Converts a number (given as digits) to Indonesian words, e.g. "1250000" → "satu juta dua ratus lima puluh ribu". */
  export default function angkaTerbilang(value: string | number): string;
}
