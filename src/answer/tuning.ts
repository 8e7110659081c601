/**
 * The hand-set numbers of question analysis and the structural cues, named once with their
 * defaults (MiniSearch-style). Everything learned lives in reader-weights.json; these shape the
 * inputs the learned weights read, so changing one means retraining (`npm run train`).
 */

/** How much each kind of question word weighs in retrieval and coverage, before rarity (idf). */
export const FOCUS_WEIGHTS = {
  /** A name, or a capitalised word inside one: the question is about it. */
  proper: 1.6,
  number: 1.4,
  /** Nouns, and verbs, which carry the relation asked about ("founded" vs "directs"). */
  contentWord: 1.1,
  other: 0.9,
  /** The head noun of "which militant group": it names the answer's kind, and the passage may not repeat it. */
  whichHead: 0.5,
  /** A name of n words shares (1 + nameGrowth·(n−1)) between its words: "Osama bin Laden" is one thing asked about. */
  nameGrowth: 0.25,
};

/** How much a match on each variant of a question word counts (0..1). */
export const VARIANT_WEIGHTS = {
  exact: 1,
  /** "US" for the corpus's "U.S.". */
  dotted: 1,
  lemma: 0.9,
  /** A corpus word within one edit of a word the English lexicon does not know. */
  spelling: 0.85,
  synonym: 0.6,
  /** WordNet's synonyms and derived forms ("payment" for "pay"): broader than the hand-made groups, so worth less. */
  thesaurus: 0.5,
};

/**
 * A variant at least this strong stands for the word itself: a spelling fix or a lemma does, a
 * synonym does not. Coverage, key names, "known to the corpus" and echo checks all use this cut.
 */
export const STRONG_VARIANT = VARIANT_WEIGHTS.spelling;
