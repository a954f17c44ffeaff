import stemmerId from "natural/lib/natural/stemmers/indonesian/stemmer_id.js";
import { STANDARD_TERMS } from "./standards";
import synonymData from "./synonyms.json";
import properNames from "./proper-names.json";

// Text analysis shared by both engines and by indexing and querying alike (pure: no database, no I/O):
// normalise (lower case, accents and punctuation stripped), tokenise, drop stop words, stem. Indexed text and
// queries go through the same steps, so a wrong stem still matches itself.
//
// Stemming, per token:
//   1. tokens with digits (fc250, s45c, 9001) and tokens under 3 letters are kept as they are;
//   2. a small rule set for domain roots the library gets wrong or does not know (see DOMAIN_ROOTS);
//   3. a word of the Indonesian root dictionary (kata dasar) is kept;
//   4. natural's Indonesian stemmer (a port of Sastrawi: confix stripping checked against its ~30,000-root
//      dictionary, so it only strips when a real root remains: pengecoran → cor, pembubutan → bubut,
//      penempaan → tempa, pemesinan → mesin);
//   5. when that changed nothing, light English stemming: plurals only (castings → casting, sleeves → sleeve,
//      bushes → bush). "-ing" is kept on purpose: process names (casting, forging, turning) are nouns here,
//      and the synonym groups relate them to their Indonesian names.

/** Queries longer than this are cut (a 10 kB paste must not cost more than a long query). */
export const MAX_QUERY_CHARS = 4000;
/** Longer tokens are cut to this length (no real word is longer; a hostile one costs nothing more). */
export const MAX_TOKEN_LENGTH = 40;

/** Words that carry no meaning for search, in both languages (never indexed, dropped from queries). */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // Indonesian
  "dan", "atau", "yang", "untuk", "dengan", "di", "ke", "dari", "pada", "dalam", "ini", "itu", "adalah", "juga",
  "serta", "oleh", "para", "akan", "bagi", "tidak", "kami", "kita", "anda",
  // English
  "the", "a", "an", "and", "or", "not", "of", "for", "to", "in", "on", "with", "by", "at", "from", "is", "are",
  "be", "we", "our", "your",
]);

/**
 * Words buyers put around what they want ("jasa bubut", "cari vendor cor besi", "need a foundry for …",
 * "bengkel bubut"): they say nothing about the part or the process, yet a rare one would outrank the word that
 * does. Dropped from a query that has other words (a query of only these is searched as typed); still indexed.
 */
export const QUERY_FILLER: ReadonlySet<string> = new Set([
  // Indonesian
  "jasa", "pembuatan", "bikin", "membuat", "buat", "cari", "mencari", "dicari", "butuh", "membutuhkan", "perlu",
  "pemasok", "penyedia", "produsen", "bengkel", "terima", "melayani", "pesanan", "custom", "bersertifikat",
  "bersertifikasi", "tersertifikasi",
  // English
  "need", "needed", "looking", "find", "search", "supplier", "suppliers", "vendor", "vendors", "shop", "workshop",
  "service", "services", "maker", "makers", "manufacturer", "manufacturers", "certified",
]);

/** Lower case, accents stripped, every run of other characters than a–z and 0–9 one space. */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The normalised words of a text, stop words included. */
export function tokenize(text: string): string[] {
  const normalized = normalize(text);
  if (normalized === "") return [];
  return normalized.split(" ").map((t) => (t.length > MAX_TOKEN_LENGTH ? t.slice(0, MAX_TOKEN_LENGTH) : t));
}

/**
 * For the query `q`: a normalised word or phrase of it (what a partial result lacks: "iso 9001", "pdam") as the
 * user typed it ("ISO 9001", "PDAM"), found among the query's own words (the first MAX_QUERY_CHARS, as
 * planned); the normalised form when it is not there as such. The query is read once, however many hits ask.
 */
export function asTyped(q: string): (phrase: string) => string {
  const tokens: { token: string; typed: string }[] = [];
  for (const piece of q.slice(0, MAX_QUERY_CHARS).split(/[^\p{L}\p{N}]+/u)) {
    const normalised = tokenize(piece);
    for (const token of normalised) tokens.push({ token, typed: normalised.length === 1 ? piece : token });
  }
  return (phrase) => {
    const wanted = phrase.split(" ");
    for (let i = 0; i + wanted.length <= tokens.length; i++) {
      if (wanted.every((w, k) => tokens[i + k]!.token === w)) return tokens.slice(i, i + wanted.length).map((t) => t.typed).join(" ");
    }
    return phrase;
  };
}

const KATA_DASAR: ReadonlySet<string> = new Set(stemmerId.dictionary);

/**
 * Roots the library misses or gets wrong, with the affixes they take. natural's dictionary lacks "frais"
 * (pengefraisan, difrais stay as they are) and reads pengelasan/mengelas as peng-/meng- + "kelas" (class)
 * instead of penge-/menge- + "las" (weld). Only these roots are tried, so no other word is touched.
 */
const DOMAIN_ROOTS: ReadonlySet<string> = new Set(["las", "frais"]);
const DOMAIN_PREFIXES = ["penge", "menge", "peng", "meng", "pem", "mem", "pen", "men", "pe", "me", "di", ""];
const DOMAIN_SUFFIXES = ["annya", "kannya", "nya", "kan", "an", ""];

function domainStem(token: string): string | null {
  for (const prefix of DOMAIN_PREFIXES) {
    if (!token.startsWith(prefix)) continue;
    for (const suffix of DOMAIN_SUFFIXES) {
      if (!token.endsWith(suffix) || token.length <= prefix.length + suffix.length) continue;
      const root = token.slice(prefix.length, token.length - suffix.length);
      if (DOMAIN_ROOTS.has(root)) return root;
    }
  }
  return null;
}

/** Plurals only: -ies → -y, -sses/-shes/-ches/-xes/-zes → drop "es", -s → drop (not after s, i, u, o, a). */
export function englishStem(token: string): string {
  if (token.length <= 3) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (/(?:sses|shes|ches|xes|zes)$/.test(token)) return token.slice(0, -2);
  // gas, brass, chassis, bus, poros, kampas, frais: not plurals (and many Indonesian words end so).
  if (token.endsWith("s") && !/[siuoa]s$/.test(token)) return token.slice(0, -1);
  return token;
}

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** The stem of one normalised token (see the rules at the top of this file). */
export function stem(token: string): string {
  const cached = stemCache.get(token);
  if (cached !== undefined) return cached;
  const result = computeStem(token);
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(token, result);
  return result;
}

/**
 * Words never stemmed: place names the Indonesian stemmer would change ("bekasi" is not "bekas", used;
 * search/proper-names.json, generated from the regions), and the machining words, whose root "mesin"
 * (machine) is in company names ("CV Mesin Jaya"): "pemesinan" stays a word of its own.
 */
const PROTECTED: ReadonlySet<string> = new Set([...properNames.words, "pemesinan", "permesinan"]);

function computeStem(token: string): string {
  if (PROTECTED.has(token)) return token;
  return stemUnprotected(token);
}

/** The stem without the protected words (what scripts/generate-proper-names.ts compares with). */
export function stemUnprotected(token: string): string {
  if (token.length < 3 || /\d/.test(token)) return token;
  const domain = domainStem(token);
  if (domain) return domain;
  if (KATA_DASAR.has(token)) return token;
  let indonesian = token;
  try {
    indonesian = stemmerId.stem(token);
  } catch {
    // The library never throws on [a-z0-9] tokens; if it ever did, the English rules still apply.
  }
  if (indonesian && indonesian !== token && indonesian.length >= 2) return indonesian;
  return englishStem(token);
}

/** Normalised, stop words dropped, stemmed: what the index holds and what queries are compared with. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (STOP_WORDS.has(token)) continue;
    out.push(stem(token));
  }
  return out;
}

/** The analysed text of a field (tokens joined by single spaces). */
export function analyzeToText(values: string | readonly string[]): string {
  const list = typeof values === "string" ? [values] : values;
  return list.map((v) => analyze(v).join(" ")).filter(Boolean).join(" ");
}

// ---- Synonyms (search/synonyms.json) ----

interface SynonymIndex {
  /** Each analysed phrase ("blok rem", "cor") → the other phrases of every group it belongs to. */
  byPhrase: Map<string, Set<string>>;
  /** One way (synonyms.json "narrower"): an analysed phrase and its group → the narrower phrases and their groups. */
  narrower: Map<string, Set<string>>;
  /** The groups after analysis (duplicates within a group removed, groups of one dropped). */
  groups: string[][];
  /** The longest phrase, in tokens. */
  maxTokens: number;
}

let synonymIndex: SynonymIndex | undefined;

/**
 * A standard's multi-word names ("iso 9001", "manajemen mutu"): phrases a query keeps as one word, as it keeps
 * "blok rem", but without alternatives — a supplier's document carries every name of each valid certificate
 * (search/standards.ts), so the name typed is enough to find it.
 */
function standardPhrases(): string[] {
  return [...standardNames()].filter((p) => p.includes(" "));
}

/**
 * Words that qualify what is asked rather than name it (a grade of precision, a size, a volume) or name it only
 * generically (a spare part, a component: "spare part pabrik gula" asks for sugar-mill parts, and a sugar-mill
 * workshop that never writes "spare part" is the answer, a truck-parts shop is not): like a place or a standard,
 * they count less than the part or process when partial matches are ordered (search/query.ts QUALIFIER_WEIGHT).
 * Analysed forms.
 */
const QUALIFIER_WORDS: ReadonlySet<string> = new Set([
  "presisi", "precision", "besar", "kecil", "massal", "ringan", "berat", "heavy", "light", "high", "large", "small",
  "industri", "industrial", "umum", "general",
  "spare part", "suku cadang", "sparepart", "komponen", "component", "part",
]);

/**
 * Whether an analysed word or phrase qualifies a request: a standard's name, a word of QUALIFIER_WORDS, or an
 * English past participle used as an adjective ("forged flange", "gear carburized and ground", "TIG welded":
 * the flange, the gear is what is asked; the stemmer keeps -ed forms as they are).
 */
export function isQualifier(phrase: string): boolean {
  return QUALIFIER_WORDS.has(phrase) || isStandardName(phrase) || /^[a-z]{4,}ed$/.test(phrase);
}

let standardNameSet: ReadonlySet<string> | undefined;

/** Every standard's names after analysis (search/standards.ts). */
function standardNames(): ReadonlySet<string> {
  standardNameSet ??= new Set(Object.values(STANDARD_TERMS).flatMap((s) => s.terms.map((t) => analyze(t).join(" "))));
  return standardNameSet;
}

/** Whether an analysed word or phrase is a standard's name ("iso 9001", "tkdn", "manajemen mutu"). */
export function isStandardName(phrase: string): boolean {
  return standardNames().has(phrase);
}

function buildSynonymIndex(groups: readonly (readonly string[])[], narrowerData: Readonly<Record<string, unknown>> = {}, phrases: readonly string[] = []): SynonymIndex {
  const byPhrase = new Map<string, Set<string>>();
  const analysedGroups: string[][] = [];
  let maxTokens = 1;
  for (const group of groups) {
    const phrases = [...new Set(group.map((p) => analyze(p).join(" ")).filter(Boolean))];
    if (phrases.length < 2) continue;
    analysedGroups.push(phrases);
    for (const phrase of phrases) {
      maxTokens = Math.max(maxTokens, phrase.split(" ").length);
      const others = byPhrase.get(phrase) ?? new Set<string>();
      for (const other of phrases) if (other !== phrase) others.add(other);
      byPhrase.set(phrase, others);
    }
  }
  for (const phrase of phrases) {
    if (!byPhrase.has(phrase)) byPhrase.set(phrase, new Set());
    maxTokens = Math.max(maxTokens, phrase.split(" ").length);
  }
  const narrower = new Map<string, Set<string>>();
  for (const [broad, list] of Object.entries(narrowerData)) {
    if (broad.startsWith("$") || !Array.isArray(list)) continue;
    const key = analyze(broad).join(" ");
    const targets = new Set<string>();
    for (const item of list) {
      const phrase = analyze(String(item)).join(" ");
      if (!phrase) continue;
      targets.add(phrase);
      for (const other of byPhrase.get(phrase) ?? []) targets.add(other);
    }
    for (const phrase of [key, ...(byPhrase.get(key) ?? [])]) {
      const set = narrower.get(phrase) ?? new Set<string>();
      for (const t of targets) if (t !== phrase) set.add(t);
      narrower.set(phrase, set);
    }
  }
  return { byPhrase, narrower, groups: analysedGroups, maxTokens };
}

function synonyms(): SynonymIndex {
  const data = synonymData as { groups: string[][]; narrower?: Record<string, unknown> };
  synonymIndex ??= buildSynonymIndex(data.groups, data.narrower, standardPhrases());
  return synonymIndex;
}

/** The analysed phrases a query of this analysed phrase finds too: its synonyms, then its narrower phrases. */
export function synonymsOf(phrase: string): string[] {
  const index = synonyms();
  return [...new Set([...(index.byPhrase.get(phrase) ?? []), ...(index.narrower.get(phrase) ?? [])])];
}

export function hasSynonyms(phrase: string): boolean {
  return synonyms().byPhrase.has(phrase) || synonyms().narrower.has(phrase);
}

/** The one-way expansions after analysis (phrase → narrower phrases), for Meilisearch's one-way synonyms. */
export function analysedNarrower(): Map<string, string[]> {
  return new Map([...synonyms().narrower].map(([k, v]) => [k, [...v]]));
}

/** The longest synonym phrase, in tokens (how far a query is scanned for a multi-word phrase). */
export function maxSynonymTokens(): number {
  return synonyms().maxTokens;
}

/** The synonym groups after analysis, for engines that take synonyms as a setting (Meilisearch). */
export function analysedSynonymGroups(): string[][] {
  return synonyms().groups.map((g) => [...g]);
}

/** Every word that occurs in a synonym phrase (typo candidates even before any document uses them). */
export function synonymWords(): string[] {
  return [...new Set(synonyms().groups.flat().flatMap((p) => p.split(" ")))];
}
