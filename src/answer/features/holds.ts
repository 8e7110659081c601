/**
 * Features of the first of the reader's two questions: does the corpus hold an answer at all?
 * They are about coverage, not about any span: how much of the question the best passages and
 * sentences say, which rare words and names they miss, how clearly one passage stands out. A
 * question about something the folder lacks ("What is the capital of France?" of a news archive)
 * matches little, or only its common words; one the folder answers is met almost word for word
 * somewhere, or by near synonyms.
 */
import { QUESTION_TYPES } from '../types.js';
import type { SpanKind } from '../candidates/index.js';
import { KINDS_FOR_TYPE } from '../kinds.js';
import type { PassageView } from './passage-view.js';
import type { QuestionView } from './question-view.js';
import { family, feature, registry, yes, type Declared } from './registry.js';
import { STRONG_VARIANT } from '../tuning.js';

export interface HoldsContext {
  qv: QuestionView;
  /** The passages read closely, best first. */
  passages: readonly PassageView[];
  /** The re-ranker's probability for its top passage, and its log-odds lead over the second. */
  topPassage: number;
  rerankMargin: number;
  /** The kinds of every candidate read, and how many there are. */
  kinds: ReadonlySet<SpanKind>;
  /** The kinds of the candidates in the top passage's sentence that says most of the question. */
  kindsInBest: ReadonlySet<SpanKind>;
  candidates: number;
}

const bestSentence = (x: HoldsContext) => Math.max(0, ...x.passages.map((p) => Math.max(0, ...p.sentenceCoverage)));

/** The top passage's sentence that says most of the question, and what it says of it. */
function bestFacts(x: HoldsContext) {
  const top = x.passages[0];
  return top && top.topSentence >= 0 ? top.sentence(top.topSentence) : null;
}

/** Per focus word, whether any sentence of the top passage holds a strong variant of it. */
function matchedInTop(x: HoldsContext): boolean[] {
  const top = x.passages[0];
  return x.qv.focus.map((f) => !!top && top.ev.sentenceTerms.some((set) => [...f.terms].some(([t, w]) => w >= STRONG_VARIANT && set.has(t))));
}

export const HOLDS_FEATURES: readonly Declared<HoldsContext>[] = [
  feature('bias', 'always 1: the base rate of questions the corpus answers', () => 1),
  family('type', 'the question type', QUESTION_TYPES, (x) => x.qv.q.type),
  feature('bestSentence', 'the most any read sentence covers of the question, exact terms: 0.9 when one sentence says nearly all of it', bestSentence),
  feature('bestSentenceSquared', 'that coverage squared', (x) => bestSentence(x) ** 2),
  feature('window', 'coverage of the question by the top passage\'s best sentence and its neighbours, discounted', (x) => bestFacts(x)?.coverage ?? 0),
  feature('synonyms', 'share of the question that sentence meets only by near synonyms: "wrote" ~ "completed"', (x) => bestFacts(x)?.vectorCoverage ?? 0),
  feature('missingKeys', 'names and numbers of the question that sentence omits', (x) => bestFacts(x)?.missingKeys ?? 0),
  feature('unmatchedShare', 'share of the question\'s words that sentence matches in no way, not even by a synonym', (x) => (bestFacts(x)?.unmatched ?? x.qv.focus.length) / Math.max(1, x.qv.focus.length)),
  feature('pairs', 'share of the question\'s adjacent word pairs standing together in that sentence', (x) => bestFacts(x)?.pairs ?? 0),
  feature('keysInOtherNames', 'names of the question that sentence holds only inside a longer, different name: "Normans" in "Norman Cantor"', (x) => bestFacts(x)?.keysInOtherNames ?? 0),
  feature('headUnmatched', 'a which/what question\'s head noun is not in that sentence: "religion" for "What religion were the Normans?" against a sentence naming Norman Cantor', (x) => {
    const head = x.qv.q.headTerm;
    const k = head === null ? -1 : x.qv.focus.findIndex((f) => f.terms.has(head));
    if (k < 0) return 0;
    return yes(!bestFacts(x)?.hit[k]);
  }),
  feature('passageCoverage', 'weighted share of the question\'s words anywhere in the top passage', (x) => {
    const m = matchedInTop(x);
    return x.qv.focus.reduce((a, f, k) => a + (m[k] ? f.weight : 0), 0) / x.qv.total;
  }),
  feature('missingRare', 'rarity (idf, 0..1) of the rarest question word the top passage lacks: "capital" missing from every passage', (x) => {
    const m = matchedInTop(x);
    let worst = 0;
    x.qv.focus.forEach((f, k) => {
      if (m[k] || f.weight === 0) return;
      const rarity = Math.max(0, ...[...f.terms].filter(([, w]) => w >= STRONG_VARIANT).map(([t]) => x.qv.specificity(t)));
      worst = Math.max(worst, f.known ? rarity : 1);
    });
    return worst;
  }),
  feature('unknownKeys', 'names and numbers of the question the corpus never uses, a multi-word name counting once: "Iran" in a folder that never names it', (x) => {
    const groups = new Map<number, boolean>();
    let n = 0;
    for (const f of x.qv.focus) {
      if (!f.key) continue;
      if (f.group < 0) n += f.known ? 0 : 1;
      else groups.set(f.group, (groups.get(f.group) ?? false) || f.known);
    }
    for (const known of groups.values()) if (!known) n++;
    return n;
  }),
  feature('keyTopic', 'rarity (idf, 0..1) of the commonest name or number of the question that the corpus uses: a name the corpus mentions once ("Norman" in "Norman Cantor") is no topic of it, one its passages keep naming is', (x) => {
    let commonest = -1;
    for (const f of x.qv.focus) {
      if (!f.key || !f.known) continue;
      for (const [t, w] of f.terms) if (w >= STRONG_VARIANT) commonest = commonest < 0 ? x.qv.specificity(t) : Math.min(commonest, x.qv.specificity(t));
    }
    return Math.max(0, commonest);
  }),
  feature('unknownShare', 'share of the question\'s weight on words the corpus never uses: "capital of France" in a corpus without "capital"', (x) => x.qv.unknownShare),
  feature('topPassage', 'the re-ranker\'s probability for its best passage: low when no passage stands out', (x) => x.topPassage),
  feature('rerankMargin', 'the re-ranker\'s log-odds lead of its best passage over the second (capped at 10)', (x) => Math.min(10, x.rerankMargin)),
  feature('focusWords', 'how many content words the question has (log): short questions are vaguer', (x) => Math.log1p(x.qv.focus.length)),
  feature('candidates', 'log of how many candidate answers the read sentences give', (x) => Math.log1p(x.candidates)),
  feature('kindAvailable', 'a span of the kind the question wants was read: a date for "when", an amount for "how much"', (x) => {
    const want = KINDS_FOR_TYPE[x.qv.q.type];
    return !want || want.some((k) => x.kinds.has(k)) ? 1 : 0;
  }),
  feature('kindInBestSentence', 'for who, when, where and how-much questions: +1 when the sentence that says most of the question holds a span of the wanted kind, -1 when it holds none: "When was it founded?" against a sentence with no date in it', (x) => {
    const want = KINDS_FOR_TYPE[x.qv.q.type];
    if (!want) return 0;
    return want.some((k) => x.kindsInBest.has(k)) ? 1 : -1;
  }),
  feature('keyWords', 'the question names names or numbers', (x) => (x.qv.keyTerms.size ? 1 : 0)),
];

export const holdsFeatures = registry(HOLDS_FEATURES, 'holds.');
