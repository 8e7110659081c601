/** Everything the features need to know about a question, worked out once per question rather than once per candidate. */
import { termOf } from '../../nlp/terms.js';
import { wordVectors } from '../../nlp/vectors.js';
import { ORG_NOUNS, PERSON_NOUNS } from '../../nlp/lexicon.js';
import { REPORTING, acronymsOf, asksPublisher } from '../cues.js';
import type { QuestionAnalysis } from '../question.js';
import { STRONG_VARIANT } from '../tuning.js';

export interface WeightedFocus {
  /** The word's index term plus its variants, each with how much a match on it counts (0..1). */
  terms: Map<string, number>;
  /** Importance times rarity (idf). */
  weight: number;
  /** Names and numbers: the question is about them, so the answer's sentence should mention them. */
  key: boolean;
  /** Words of one name share a group: "Osama bin Laden" is mentioned when "bin Laden" is. */
  group: number;
  /** The corpus uses the word (or one of its close variants). */
  known: boolean;
}

export interface Idf {
  (term: string): number;
}

export interface QuestionView {
  q: QuestionAnalysis;
  focus: WeightedFocus[];
  /** Sum of focus weights (never 0). */
  total: number;
  /** Strong variants of the question's content words. */
  questionTerms: ReadonlySet<string>;
  /** A which-question's head ("which faction"): may stand in an answer but not be all of it. */
  headTerms: ReadonlySet<string>;
  /** The question's verbs (and participles read as adjectives), with variants. */
  verbs: ReadonlySet<string>;
  /** Role nouns a who-question asks about ("president"). */
  roles: ReadonlySet<string>;
  /** Terms of the question's names and numbers. */
  keyTerms: ReadonlySet<string>;
  /** Initials of the question's capitalised runs ("BWA"). */
  initials: readonly string[];
  publisherAsked: boolean;
  /** Every word of the question as folded surface, lemma and term: an answer made only of these repeats the question. */
  echo: ReadonlySet<string>;
  /** Share of focus weight on words the corpus never uses. */
  unknownShare: number;
  /** idf scaled to 0..1 by the rarest possible term. */
  specificity(term: string): number;
  /** Word-vector row of each focus word (-1 when it has none). */
  focusRows: Int32Array;
}

export function viewQuestion(q: QuestionAnalysis, idf: Idf, maxIdf: number): QuestionView {
  const publisherAsked = asksPublisher(q);
  const focus: WeightedFocus[] = q.focus.map((f) => {
    // "Which outlet asked whether …": the outlet's verb is not in the headline it asked.
    if (publisherAsked && f.pos === 'VERB' && REPORTING.has(f.term)) return { terms: new Map(), weight: 0, key: false, group: -1, known: true };
    const terms = new Map<string, number>();
    for (const v of f.variants) terms.set(v.term, v.weight);
    const known = f.variants.filter((v) => v.weight >= STRONG_VARIANT).map((v) => idf(v.term));
    // A word the corpus never uses is as informative as the rarest word: missing it should hurt.
    // An unknown modifier ("outside") may just be phrased differently.
    const content = !f.optional && (f.proper || /\d/.test(f.term) || f.pos === 'NOUN' || f.pos === 'VERB');
    const rarity = known.length ? Math.max(...known) : content ? maxIdf : 0.6 * maxIdf;
    return { terms, weight: f.weight * rarity, key: f.proper || /\d/.test(f.term), group: f.group ?? -1, known: known.length > 0 };
  });
  const total = focus.reduce((a, f) => a + f.weight, 0) || 1;
  const unknownShare = focus.reduce((a, f) => a + (f.known ? 0 : f.weight), 0) / total;

  const questionTerms = new Set<string>();
  const headTerms = new Set<string>();
  focus.forEach((f, k) => {
    for (const [t, w] of f.terms) if (w >= STRONG_VARIANT) (q.focus[k]?.optional ? headTerms : questionTerms).add(t);
  });
  const verbs = new Set<string>();
  for (const f of q.focus) {
    // The tagger reads some participles as adjectives ("armed"); an -ed adjective right before a
    // noun is attributive ("unpublished report"), not a verb.
    const next = q.analysis.tokens[f.index + 1];
    const attributive = !!next && (next.pos === 'NOUN' || next.pos === 'PROPN' || next.pos === 'ADJ');
    // The term itself counts even when the corpus lacks it, so a missing verb is noticed.
    if (f.pos === 'VERB' || (f.pos === 'ADJ' && /ed$/.test(f.surface) && !attributive)) for (const t of [f.term, ...f.variants.map((v) => v.term)]) verbs.add(t);
  }
  const roles = new Set<string>();
  for (const f of q.focus) {
    const w = f.surface.toLowerCase();
    if (!f.optional && f.pos === 'NOUN' && (PERSON_NOUNS.has(w) || ORG_NOUNS.has(w))) roles.add(f.term);
  }
  const keyTerms = new Set<string>();
  for (const f of focus) if (f.key) for (const [t, w] of f.terms) if (w >= STRONG_VARIANT) keyTerms.add(t);
  const echo = new Set<string>();
  for (const t of q.analysis.tokens) {
    echo.add(t.folded);
    echo.add(t.term);
    echo.add(termOf(t.lemma));
  }
  for (const t of questionTerms) echo.add(t);
  const rarity = new Map<string, number>();
  return {
    q,
    focus,
    total,
    questionTerms,
    headTerms,
    verbs,
    roles,
    keyTerms,
    initials: acronymsOf(q),
    publisherAsked,
    echo,
    unknownShare,
    specificity: (term) => {
      let v = rarity.get(term);
      if (v === undefined) rarity.set(term, (v = idf(term) / maxIdf));
      return v;
    },
    focusRows: Int32Array.from(q.focus, (f) => wordVectors().indexOf(f.surface.toLowerCase())),
  };
}
