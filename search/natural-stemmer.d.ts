// `natural` ships no types for its deep paths; search/analysis.ts imports only the Indonesian stemmer module
// (not the whole library, whose index pulls in storage back-ends and dotenv).
declare module "natural/lib/natural/stemmers/indonesian/stemmer_id.js" {
  const stemmer: {
    /** Sastrawi's confix-stripping stemmer with its root-word dictionary; returns the word when no root is found. */
    stem(word: string): string;
    /** The root words (kata dasar) of the dictionary. */
    dictionary: string[];
  };
  export default stemmer;
}
