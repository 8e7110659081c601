/**
 * Features of one candidate answer: how its kind fits the question, how much of the question
 * its sentence says, how close it sits to the matched words, the structural cues that tie it
 * to the asked verb or role, and its own shape. Every one is a small pure function.
 */
import type { Token } from '../../nlp/analyse.js';
import { fnv1a, fnv1aFrom, FNV_OFFSET } from '../../fnv.js';
import { isGivenName } from '../../nlp/given-names.js';
import { PLACE_NOUNS } from '../../nlp/lexicon.js';
import { wordVectors } from '../../nlp/vectors.js';
import { SPAN_KINDS, type Candidate, type SpanKind } from '../candidates/index.js';
import { agentOf, attachedAfter, copulaRole, followsMatch, objectOf, roleBonus, speakerOf, subjectOf } from '../cues.js';
import { ANSWER_SHAPES } from '../question.js';
import type { QuestionType } from '../types.js';
import { QUESTION_TYPES } from '../types.js';
import type { PassageView, SentenceFacts } from './passage-view.js';
import type { QuestionView } from './question-view.js';
import { family, feature, fixed, registry, yes, type Declared, type FixedMemo } from './registry.js';

export interface CandidateContext {
  qv: QuestionView;
  pv: PassageView;
  c: Candidate;
  /** Letters or digits that are not determiners, prepositions or conjunctions. */
  content: readonly Token[];
  /** The answer text, normalised: candidates with the same key are the same answer. */
  key: string;
  /** How many candidates in the retrieved passages have the same text. */
  copies: number;
  /** Every kind the extractors gave this span ("Kabul" may be a name and a place); c.kind is the first. */
  kinds: readonly SpanKind[];
  /** What the candidate's sentence says of the question. */
  facts: SentenceFacts;
  /** Where the matched question words sit around the candidate. */
  geometry: Geometry;
  /** A longer list candidate starts where this one does: "[weapons] to wives, housing, passports". */
  opensList: boolean;
  /** The columns of the span's fixed features (the same for every question), kept with the span when it is. */
  fixed?: FixedMemo;
}

export interface Geometry {
  /** Token distance to the nearest matched question word before and after the span (Infinity when none). */
  left: number;
  right: number;
  /** Per focus word, the distance from the span (or its anchor) to its nearest match in the sentence. */
  distance: Float64Array;
  /** Weighted mean closeness 1/(1 + d/4) of the matched words: 1 when adjacent. */
  proximity: number;
}

export function contextOf(qv: QuestionView, pv: PassageView, c: Candidate, kinds: readonly SpanKind[], content: readonly Token[], key: string, copies: number, opensList = false, memo?: FixedMemo): CandidateContext {
  const facts = pv.sentence(c.sentence);
  let left = Infinity;
  let right = Infinity;
  const distance = new Float64Array(qv.focus.length).fill(Infinity);
  for (const { at, focus } of facts.hits) {
    if (at < c.first) left = Math.min(left, c.first - at);
    else if (at >= c.last) right = Math.min(right, at - c.last + 1);
    const d = c.anchor !== c.first ? Math.abs(at - c.anchor) : at < c.first ? c.first - at : at >= c.last ? at - c.last + 1 : 0;
    if (d < distance[focus]!) distance[focus] = d;
  }
  // Proximity weighs each focus word by how well the sentence window matches it.
  let covered = 0;
  let near = 0;
  const focus = qv.focus;
  for (let k = 0; k < focus.length; k++) {
    const w = focus[k]!.weight;
    const m = facts.hit[k]!;
    covered += w * m;
    near += w * m * (distance[k] === Infinity ? 0 : 1 / (1 + distance[k]! / 4));
  }
  return { qv, pv, c, kinds, content, key, copies, opensList, facts, geometry: { left, right, distance, proximity: covered ? near / covered : 0 }, fixed: memo };
}

const NAMED: ReadonlySet<SpanKind> = new Set(['name', 'person', 'org', 'country', 'place']);
/** Index of a value in a list, by a map made once. */
const indexOf = <T>(list: readonly T[]): ReadonlyMap<T, number> => new Map(list.map((v, i) => [v, i]));
const KIND_AT = indexOf<string>(SPAN_KINDS);
const SHAPE_AT = indexOf<string>(ANSWER_SHAPES);
const TYPE_AT = indexOf<string>(QUESTION_TYPES);
/**
 * The index of `${a}:${b}` in as.flatMap((a) => bs.map((b) => `${a}:${b}`)), or -1 when a or b
 * is not in its list (a column no value names).
 */
const pairAt = (aAt: ReadonlyMap<string, number>, a: string, bAt: ReadonlyMap<string, number>, b: string | undefined): number => {
  const i = aAt.get(a);
  const j = b === undefined ? undefined : bAt.get(b);
  return i === undefined || j === undefined ? -1 : i * bAt.size + j;
};
const UPOS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X', 'SPACE'];
/** Words whose presence right before an answer says much about it ("in [1990]", "by [Newton]"). */
const BOUNDARY_WORDS = [
  'in', 'on', 'at', 'by', 'of', 'from', 'to', 'for', 'with', 'as', 'than', 'during', 'after', 'before', 'since', 'until', 'about', 'into',
  'because', 'called', 'named', 'known', 'is', 'was', 'are', 'were', 'the', 'a', 'an', ',', '(', 'and', 'or', 'that', 'which', 'who',
];
const BOUNDARY = new Set(BOUNDARY_WORDS);
const POS_AT = indexOf(UPOS);
const LENGTHS = ['1', '2', '3', '4', '5-6', '7-10', '11+'];

const toks = (x: CandidateContext) => x.pv.ev.analysis.tokens;
/** A capital first letter, tested on ASCII without a Unicode regex (the common case). */
const startsCapital = (text: string) => {
  const c = text.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(text);
};

/** A name of at most four words opening with a given name: a person's, not a product's or a team's. */
function personName(x: CandidateContext): boolean {
  const first = x.content[0];
  return !!first && x.content.length <= 4 && startsCapital(first.text) && x.kinds.some((k) => k === 'name' || k === 'person') && isGivenName(first.folded);
}

/**
 * Buckets for hashed word features: open-class words ("in [1990]", "[Newton] discovered") are
 * too many to list, so each word falls into one of this many columns (FNV-1a).
 */
export const HASH_BUCKETS = 256;
const BUCKETS = Array.from({ length: HASH_BUCKETS }, (_, i) => String(i));
export function bucketOf(text: string): string {
  return String(fnv1a(text) % HASH_BUCKETS);
}
/** bucketOf(`${shape}|${word}`) as a number, the prefix's hash state kept per shape. */
const shapePrefix = new Map<string, number>();
function shapeBucket(shape: string, word: string): number {
  let h = shapePrefix.get(shape);
  if (h === undefined) shapePrefix.set(shape, (h = fnv1aFrom(FNV_OFFSET, `${shape}|`)));
  return (fnv1aFrom(h, word) >>> 0) % HASH_BUCKETS;
}
const DISTANCES = ['1', '2', '3', '4-5', '6-9', '10+', 'none'];
/** The index in DISTANCES of a token distance. */
const distanceBucket = (d: number) => (d === Infinity ? 6 : d <= 3 ? Math.max(1, d) - 1 : d <= 5 ? 3 : d <= 9 ? 4 : 5);
/** Tokens on each side of the span within which matched question words count as its immediate context. */
export const CONTEXT_WINDOW = 3;
const lengthBucket = (n: number) => (n <= 4 ? String(n) : n <= 6 ? '5-6' : n <= 10 ? '7-10' : '11+');
const coverage = (x: CandidateContext) => x.facts.coverage;
const proximity = (x: CandidateContext) => x.geometry.proximity;
const sentenceOf = (x: CandidateContext) => x.pv.ev.analysis.sentences[x.c.sentence];

/** "Badakhshan and [Takhar]" for a question about Badakhshan: a sibling, not the answer. */
function coordinatedWithQuestion(x: CandidateContext): boolean {
  const { c } = x;
  if (c.coordinated || !NAMED.has(c.kind)) return false;
  const t = toks(x);
  const before = t[c.first - 2];
  const after = t[c.last + 1];
  return (
    (/^(and|or)$/.test(t[c.first - 1]?.folded ?? '') && !!before && x.qv.keyTerms.has(before.term)) ||
    (/^(and|or)$/.test(t[c.last]?.folded ?? '') && !!after && x.qv.keyTerms.has(after.term))
  );
}

/** Capitalised modifiers of the counted thing that differ: "Afghan soldiers" vs "Pakistani soldiers". */
function conflictingModifiers(x: CandidateContext): boolean {
  const q = x.qv.q;
  const capitalised = (ts: readonly Token[]) => ts.filter((t) => /^\p{Lu}/u.test(t.text)).map((t) => t.term);
  const qHead = q.analysis.tokens.findIndex((t) => t.term === q.headTerm);
  const whAt = q.analysis.tokens.findIndex((t) => /^(how|what|which)$/.test(t.folded));
  const asked = capitalised(q.analysis.tokens.slice(whAt + 1, qHead).filter((t, k) => k > 0 || t.folded !== 'many'));
  const found = capitalised(toks(x).slice(x.c.last, x.c.head));
  return asked.length > 0 && found.length > 0 && !found.some((t) => asked.includes(t));
}

/** The candidate's head noun is the one a which/how-many question names ("[11] gold mines"). */
function headMatches(x: CandidateContext): boolean {
  const q = x.qv.q;
  if (!q.headTerm || x.c.head < 0) return false;
  const head = toks(x)[x.c.head]!.term;
  // Prefix match: run-together words ("affiliatesmost") still name the counted thing.
  return head === q.headTerm || (q.headTerm.length >= 4 && head.startsWith(q.headTerm));
}

/** The question's consecutive token terms, first to second: worked out once per question. */
const bigramsOf = new WeakMap<QuestionView, Map<string, Set<string>>>();
function questionBigrams(qv: QuestionView): ReadonlyMap<string, ReadonlySet<string>> {
  let pairs = bigramsOf.get(qv);
  if (!pairs) {
    pairs = new Map();
    const q = qv.q.analysis.tokens;
    for (let i = 0; i + 1 < q.length; i++) {
      let next = pairs.get(q[i]!.term);
      if (!next) pairs.set(q[i]!.term, (next = new Set()));
      next.add(q[i + 1]!.term);
    }
    bigramsOf.set(qv, pairs);
  }
  return pairs;
}

/** Word-vector similarity (at least 0) of the question's head noun and a folded word, kept per question. */
const headSimilarities = new WeakMap<QuestionView, { head: Token | undefined; sims: Map<string, number> }>();
function headSimilarityTo(qv: QuestionView, folded: string): number {
  let memo = headSimilarities.get(qv);
  if (!memo) headSimilarities.set(qv, (memo = { head: qv.q.analysis.tokens.find((t) => t.term === qv.q.headTerm), sims: new Map() }));
  if (!memo.head) return 0;
  let sim = memo.sims.get(folded);
  if (sim === undefined) memo.sims.set(folded, (sim = Math.max(0, wordVectors().similarity(memo.head.folded, folded))));
  return sim;
}

/** Words that join the two ends of a range: "14 March [to] 16 March", "01:00[–]06:00". */
const RANGE_JOINS = new Set(['to', 'until', 'till', 'through', '-', '–', '—']);
/** Whether the question's head noun is written in the plural: "which provinces", "what dates". */
const pluralHead = (qv: QuestionView) => !!qv.q.headTerm && /s$/.test(qv.q.analysis.tokens.find((t) => t.term === qv.q.headTerm)?.text ?? '');

const isWho = (x: CandidateContext) => x.qv.q.type === 'who';
const hasVerbs = (x: CandidateContext) => x.qv.verbs.size > 0;

export const CANDIDATE_FEATURES: readonly Declared<CandidateContext>[] = [
  // Type fit
  family('shapeKind', 'the expected answer shape and the span kind: "When …?" and a date span give shapeKind=date:date', ANSWER_SHAPES.flatMap((s) => SPAN_KINDS.map((k) => `${s}:${k}`)), (x) => x.kinds.map((k) => pairAt(SHAPE_AT, x.qv.q.shape, KIND_AT, k))),
  family('typeKind', 'the question type and the span kind: "Who …?" and a person span give typeKind=who:person', QUESTION_TYPES.flatMap((t) => SPAN_KINDS.map((k) => `${t}:${k}`)), (x) => x.kinds.map((k) => pairAt(TYPE_AT, x.qv.q.type, KIND_AT, k))),
  feature('nameModifiesNoun', 'a name used as a modifier answers no what-question: "the [Talibans] systematic pilfering"', (x) => {
    const next = toks(x)[x.c.last];
    return yes(x.qv.q.shape === 'thing' && NAMED.has(x.c.kind) && !!next && (next.pos === 'NOUN' || next.pos === 'ADJ') && /^\p{Ll}/u.test(next.text));
  }),
  feature('placeModifiesNoun', 'a place before an ordinary noun says whose, not where: "a [U.S.] drone strike"', (x) => {
    const next = toks(x)[x.c.last];
    return yes(x.qv.q.shape === 'place' && (x.c.kind === 'country' || x.c.kind === 'place') && !!next && next.pos === 'NOUN' && !PLACE_NOUNS.has(next.lemma) && !PLACE_NOUNS.has(next.folded));
  }),
  feature('expansionOfOther', 'an expansion of an acronym the question does not ask about: "What does BWA stand for?" and "(ICC)"', (x) => yes(x.c.kind === 'expansion' && x.qv.q.shape === 'acronym' && !x.qv.q.focus.some((f) => f.surface === x.c.expands))),
  feature('expandsAsked', 'the expansion of the acronym asked about: "What does BWA stand for?" and "[Baltic Works Authority] (BWA)"', (x) => yes(x.kinds.includes('expansion') && !!x.c.expands && x.qv.q.focus.some((f) => f.surface === x.c.expands))),
  fixed(feature('hyphenModifier', 'the span is glued to a hyphenated modifier: "[London]-based", "[three]-part"', (x) => {
    const next = toks(x)[x.c.last];
    return yes(!!next && next.text === '-' && !next.spaced);
  })),
  feature('definesAskedName', 'a description of a name the question asks about: "Who is Bennett?" and "Bennett, [the UN rapporteur]"', (x) => {
    if (!x.c.subject) return 0;
    const subject = toks(x).slice(x.c.subject[0], x.c.subject[1]).map((t) => t.term);
    return yes(x.qv.focus.some((f) => f.key && subject.some((t) => f.terms.has(t))));
  }),

  // Overlap of the candidate's sentence with the question
  feature('coverage', 'idf-weighted share of the question matched in the sentence, neighbours discounted: 0.8 when most words appear', coverage),
  feature('coverageSquared', 'coverage squared, so near-complete matches stand out: 0.64 for coverage 0.8', (x) => coverage(x) ** 2),
  feature('sentenceCoverage', 'share of the question matched by the sentence alone, exact terms only', (x) => x.pv.sentenceCoverage[x.c.sentence] ?? 0),
  feature('surfaceCoverage', 'share of the question\'s words found with the same spelling: "killed" in "was killed on"', (x) => x.facts.surfaceCoverage),
  feature('lemmaCoverage', 'share of the question\'s words found as the same lemma: "kill" in "killing"', (x) => x.facts.lemmaCoverage),
  feature('vectorCoverage', 'share of the question met only by near synonyms in the sentence: "wrote" and "completed"', (x) => x.facts.vectorCoverage),
  feature('unmatchedWords', 'question words the sentence and its neighbours match in no way, not even by a synonym: "capital" for "capital of France" in a headline naming France 24', (x) => x.facts.unmatched),
  feature('keysInOtherNames', 'names of the question found only inside a longer, different name: "France" in "France 24" for "capital of France"', (x) => x.facts.keysInOtherNames),
  feature('pairsTogether', 'share of the question\'s adjacent word pairs standing together in the sentence: "capital of France" vs "France 24 … capital"', (x) => x.facts.pairs),
  feature('headSimilarity', 'word-vector similarity of a which/what question\'s head noun and the span\'s last word: "which city" and "[Staten Island]"', (x) => {
    const q = x.qv.q;
    if (!q.headTerm) return 0;
    const last = toks(x)[x.c.last - 1];
    return last ? headSimilarityTo(x.qv, last.folded) : 0;
  }),
  feature('unknownShare', 'share of the question\'s weight on words the corpus never uses: "capital of France" in a corpus without "capital"', (x) => x.qv.unknownShare),

  // Distance to the matched words
  feature('proximity', 'how close the matched question words sit to the candidate: 1 when adjacent, 0.5 at four tokens', proximity),
  feature('coverageProximity', 'coverage times proximity: many matched words, all close by', (x) => coverage(x) * proximity(x)),
  feature('nearestLeft', 'closeness of the nearest matched question word before the candidate: 1/(1+d)', (x) => (x.geometry.left === Infinity ? 0 : 1 / (1 + x.geometry.left))),
  feature('nearestRight', 'closeness of the nearest matched question word after the candidate: 1/(1+d)', (x) => (x.geometry.right === Infinity ? 0 : 1 / (1 + x.geometry.right))),
  feature('meanLogDistance', 'mean log(1 + token distance) to the question words matched in the sentence', (x) => {
    let sum = 0;
    let n = 0;
    for (const d of x.geometry.distance) if (d !== Infinity) (sum += Math.log1p(d)), n++;
    return n ? sum / n : 0;
  }),
  feature('matchedWords', 'share of the question\'s focus words matched in the sentence: 3 of 4 gives 0.75', (x) => {
    let n = 0;
    for (const d of x.geometry.distance) if (d !== Infinity) n++;
    return n / Math.max(1, x.geometry.distance.length);
  }),

  family('nearestDistance', 'tokens to the nearest matched question word: "killed on [July 31]" gives 2', DISTANCES, (x) => distanceBucket(Math.min(x.geometry.left, x.geometry.right))),
  feature('contextMatch', 'idf-weighted share of the question matched within three tokens either side: "killed on [July 31, 2022], in a drone strike"', (x) => {
    // Each focus word once, summed in the order the hits first meet it.
    const seen = new Uint8Array(x.qv.focus.length);
    let w = 0;
    for (const h of x.facts.hits) {
      if (seen[h.focus] || !((h.at < x.c.first && x.c.first - h.at <= CONTEXT_WINDOW) || (h.at >= x.c.last && h.at - x.c.last < CONTEXT_WINDOW))) continue;
      seen[h.focus] = 1;
      w += x.qv.focus[h.focus]!.weight;
    }
    return w / x.qv.total;
  }),

  feature('besideQuestionHead', 'the question\'s head noun stands right beside the span: "which river" and "the [Rhine] river"', (x) => {
    const head = x.qv.q.headTerm;
    if (!head) return 0;
    const t = toks(x);
    return yes(t[x.c.last]?.term === head || t[x.c.first - 1]?.term === head);
  }),
  feature('namedByHead', 'a name that ends in the which/what question\'s head noun: "which building" and "[Lindqvist Building]"', (x) => {
    const head = x.qv.q.headTerm;
    if (!head || x.c.last - x.c.first < 2 || !NAMED.has(x.c.kind)) return 0;
    const t = toks(x);
    return yes(t[x.c.last - 1]!.term === head && /^\p{Lu}/u.test(t[x.c.first]!.text));
  }),
  feature('endsInHead', 'a phrase of several words ending in the which/what question\'s head noun, the words before it saying which one: "which room" and "[electronics room]", "which membership" and "[Full membership]"', (x) => {
    const head = x.qv.q.headTerm;
    if (!head || x.c.last - x.c.first < 2) return 0;
    const t = toks(x);
    return yes(t[x.c.last - 1]!.term === head && t[x.c.first]!.term !== head);
  }),
  feature('rangeForPlural', 'a range for a question whose head noun is plural: "what dates" and "[14 March to 16 March]", "what hours" and "[01:00 to 06:00 UTC]"', (x) => {
    const t = toks(x);
    // Ranges are rare, so the span is read before the question's head, which every candidate shares.
    for (let k = x.c.first + 1; k < x.c.last - 1; k++) if (RANGE_JOINS.has(t[k]!.folded) && /\d/.test(t[k - 1]!.text + t[k + 1]!.text)) return yes(pluralHead(x.qv));
    return 0;
  }),
  feature('matchedBigramBefore', 'the two words before the span are consecutive question words: "known as [X]" for "What is it known as?"', (x) => {
    const t = toks(x);
    const a = t[x.c.first - 2];
    const b = t[x.c.first - 1];
    if (!a || !b) return 0;
    return yes(!!questionBigrams(x.qv).get(a.term)?.has(b.term));
  }),
  feature('matchedBigramAfter', 'the first two words after the span, past a comma or article, are consecutive question words: "[Schindler], the senior director" for "Who is the senior director of …?", "[Akhundzada]s Kandahar faction" for "Who leads the Kandahar faction?"', (x) => {
    const t = toks(x);
    let i = x.c.last;
    if (t[i]?.text === ',') i++;
    if (t[i]?.pos === 'DET') i++;
    const a = t[i];
    const b = t[i + 1];
    if (!a || !b) return 0;
    return yes(!!questionBigrams(x.qv).get(a.term)?.has(b.term));
  }),

  // The candidate against the question's own words
  feature('echoShare', 'share of the candidate\'s words the question already says: "[Kabul faction]" for "which faction" is 0.5', (x) => {
    let n = 0;
    for (const t of x.content) if (x.qv.questionTerms.has(t.term) || x.qv.headTerms.has(t.term)) n++;
    return n / Math.max(1, x.content.length);
  }),
  family('namesAsked', 'the question type, when the span holds one of the question\'s own names or numbers: "Where was Zawahiri killed?" and "[Ayman al-Zawahiri]" (where), "Who is Bennett?" and "[Richard Bennett]" (who)', QUESTION_TYPES, (x) => {
    const keys = x.qv.keyTerms;
    if (keys.size === 0) return null;
    for (const t of x.content) if (keys.has(t.term)) return x.qv.q.type;
    return null;
  }),
  family('givenName', 'the question type, when the span is a name opening with a given name: "who is teaching the git session" and "[Farah Siddiqui]" (who), not "[LLM APIs]"; "Where did he die?" and "[Ayman al-Zawahiri]" (where)', QUESTION_TYPES, (x) => (personName(x) ? x.qv.q.type : null)),
  feature('missingKeys', 'names and numbers of the question that the sentence (or the one naming its subject) omits', (x) => x.facts.missingKeys),
  feature('missingVerb', 'the question\'s verb appears nowhere near: "Who killed X?" against a sentence about X\'s birth', (x) => yes(x.facts.missingVerb && !(x.c.source && x.qv.publisherAsked))),

  // Structural cues
  feature('headMatch', 'the answer counts what a how-many question names: "[11] gold mines" for "how many gold mines"', (x) => yes(headMatches(x) && !conflictingModifiers(x))),
  feature('headConflict', 'the counted thing carries another name: "58 Pakistani soldiers" for "how many Afghan soldiers"', (x) => yes(headMatches(x) && conflictingModifiers(x))),
  feature('countsOther', 'a count of something the question does not ask about: "1,200 workers" for "how many women"', (x) => {
    if (x.qv.q.shape !== 'count' || !x.qv.q.headTerm || x.c.head < 0 || headMatches(x)) return 0;
    const head = toks(x)[x.c.head]!;
    return yes(head.pos === 'NOUN' && !x.qv.questionTerms.has(head.term));
  }),
  feature('coordinatedWithQuestion', 'a name joined by "and" to the question\'s own name: "Badakhshan and [Takhar]"', (x) => yes(coordinatedWithQuestion(x))),
  fixed(feature('coordinated', 'a span of names joined by "and" or commas: "[Yemen, Libya and Somalia]"', (x) => yes(!!x.c.coordinated))),
  feature('coordinatedForPlural', 'a joined span for a plural head: "which provinces" and "[Badakhshan and Takhar]"', (x) => yes(!!x.c.coordinated && pluralHead(x.qv))),
  feature('objectOfAskedVerb', 'the object of the asked verb when the subject is given: "Who did Alexander marry?" and "married [Roxana]"', (x) => yes(isWho(x) && x.qv.q.objectQuestion && hasVerbs(x) && objectOf(x.pv.ev, x.c, x.qv.verbs))),
  feature('subjectOfAskedVerb', 'the doer of the asked verb: "[the Bush Institute] released" or "provided by [X]" for "Who released …?"', (x) =>
    yes(isWho(x) && !x.qv.q.objectQuestion && hasVerbs(x) && (subjectOf(x.pv.ev, x.c, x.qv.verbs, x.qv.q.passive) || (!x.qv.q.passive && agentOf(x.pv.ev, x.c, x.qv.verbs))))),
  feature('describedSubject', 'the doer is described rather than named: "protected by [warlords]"', (x) =>
    yes(isWho(x) && (x.c.kind === 'role' || x.c.kind === 'orgdesc' || x.c.kind === 'phrase') && hasVerbs(x) && (subjectOf(x.pv.ev, x.c, x.qv.verbs, x.qv.q.passive) || agentOf(x.pv.ev, x.c, x.qv.verbs)))),
  feature('inAskedClause', 'a date, place or amount in the asked verb\'s clause: "enacted in [1975]"', (x) => yes(['when', 'where', 'how_much'].includes(x.qv.q.type) && hasVerbs(x) && attachedAfter(x.pv.ev, x.c, x.qv.verbs))),
  feature('objectAfterVerb', 'the object right after the asked verb: "running [militant training camps]"', (x) => yes(x.qv.q.type !== 'who' && hasVerbs(x) && objectOf(x.pv.ev, x.c, x.qv.verbs))),
  feature('beforeAskedVerb', 'any question\'s candidate right before its verb: "What causes X?" and "[friction] causes X"', (x) => yes(x.qv.q.type !== 'who' && hasVerbs(x) && subjectOf(x.pv.ev, x.c, x.qv.verbs, x.qv.q.passive))),
  feature('agentOfAskedVerb', 'the agent of the asked verb in the passive: "was designed by [Lindqvist]"', (x) => yes(x.qv.q.type !== 'who' && hasVerbs(x) && agentOf(x.pv.ev, x.c, x.qv.verbs))),
  feature('publisherAsked', 'a headline\'s publisher, for "Which outlet reported …?"', (x) => yes(!!x.c.source && x.qv.publisherAsked)),
  feature('publisherNotAsked', 'a headline\'s publisher, for any other question', (x) => yes(!!x.c.source && !x.qv.publisherAsked)),
  feature('speaker', 'the one quoted, for "Who said …?": "said [Schindler]"', (x) => yes(x.qv.q.speech && speakerOf(x.pv.ev, x.c))),
  feature('notSpeaker', 'a name inside the quotation, for "Who said …?"', (x) => yes(x.qv.q.speech && !speakerOf(x.pv.ev, x.c))),
  feature('roleTie', 'a role asked about stands next to the name: "Foreign Minister [Muttaqi]" (+1), "[Taliban] Foreign Minister" (-1)', (x) => (isWho(x) && x.qv.roles.size ? Math.sign(roleBonus(x.pv.ev, x.c, x.qv.roles)) : 0)),
  feature('roleUnlinked', 'a who-question names a role that nothing ties to the candidate: "Who is the president of X?" and a bystander', (x) => yes(isWho(x) && x.qv.roles.size > 0 && roleBonus(x.pv.ev, x.c, x.qv.roles) <= 0 && !copulaRole(x.pv.ev, x.c, x.qv.roles))),
  feature('relativeWhere', 'a place followed by a relative "where": "into [Pakistan], where they were sheltered"', (x) => yes(x.qv.q.shape === 'place' && toks(x)[x.c.last]?.text === ',' && toks(x)[x.c.last + 1]?.folded === 'where')),
  feature('followsQuestionWords', 'starts within three words after the last matched question word: "repurposed for [mining]"', (x) => {
    if (x.qv.q.strandedPrep) return 0;
    let last = -1;
    for (const h of x.facts.hits) if (h.at < x.c.first && h.at > last) last = h.at;
    return yes(last >= 0 && x.c.first - last - 1 <= 3);
  }),
  feature('strandedPrepObject', 'the object of the question\'s final preposition: "What was it repurposed for?" and "for [mining]"', (x) => yes(!!x.qv.q.strandedPrep && followsMatch(x.pv.ev, x.c, x.qv.questionTerms, x.qv.q.strandedPrep, x.qv.q.strandedVerb) >= 0)),
  feature('opensList', 'the first item of a longer list that is also a candidate: "[weapons] to wives, housing, passports"', (x) => yes(x.opensList)),
  fixed(feature('viaPronoun', 'the name stands for a pronoun of a later sentence: "[Haqqani] … He is also the interior minister"', (x) => yes(x.c.anchor !== x.c.first))),
  feature('copies', 'the same answer found again among the retrieved candidates (capped at 4)', (x) => Math.min(4, x.copies - 1)),

  // The span's own shape
  fixed(feature('specificity', 'mean rarity of the candidate\'s words: "Haqqani" is rarer than "Taliban" in a Taliban corpus', (x) => x.content.reduce((a, t) => a + x.qv.specificity(t.term), 0) / Math.max(1, x.content.length))),
  fixed(family('length', 'the span\'s length in tokens', LENGTHS, (x) => lengthBucket(x.c.last - x.c.first))),
  fixed(feature('overLength', 'tokens beyond eight: long spans are rarely the answer', (x) => Math.max(0, x.c.last - x.c.first - 8))),
  fixed(family('firstPos', 'the part of speech of the span\'s first token', UPOS, (x) => toks(x)[x.c.first]?.pos ?? null)),
  fixed(family('lastPos', 'the part of speech of the span\'s last token', UPOS, (x) => toks(x)[x.c.last - 1]?.pos ?? null)),
  fixed(family('prevPos', 'the part of speech of the token before the span', [...UPOS, 'START'], (x) => (x.c.first > (sentenceOf(x)?.first ?? 0) ? toks(x)[x.c.first - 1]!.pos : 'START'))),
  fixed(family('nextPos', 'the part of speech of the token after the span', [...UPOS, 'END'], (x) => (x.c.last < (sentenceOf(x)?.last ?? 0) ? toks(x)[x.c.last]!.pos : 'END'))),
  fixed(family('prevWord', 'the word before the span, among common boundary words: "in [1990]" gives prevWord=in', BOUNDARY_WORDS, (x) => {
    const w = toks(x)[x.c.first - 1]?.folded;
    return w !== undefined && BOUNDARY.has(w) ? w : null;
  })),
  fixed(family('nextWord', 'the word after the span, among common boundary words: "[Newton] and" gives nextWord=and', BOUNDARY_WORDS, (x) => {
    const w = toks(x)[x.c.last]?.folded;
    return w !== undefined && BOUNDARY.has(w) ? w : null;
  })),
  family('typeFirstPos', 'the question type and the span\'s first part of speech: "When" and "[in 1990]" give when:ADP', QUESTION_TYPES.flatMap((t) => UPOS.map((p) => `${t}:${p}`)), (x) => pairAt(TYPE_AT, x.qv.q.type, POS_AT, toks(x)[x.c.first]?.pos)),
  family('typeLastPos', 'the question type and the span\'s last part of speech', QUESTION_TYPES.flatMap((t) => UPOS.map((p) => `${t}:${p}`)), (x) => pairAt(TYPE_AT, x.qv.q.type, POS_AT, toks(x)[x.c.last - 1]?.pos)),
  family('typePrevWord', 'hashed: the question type and the word before the span, any word ("when" and "in [1990]")', BUCKETS, (x) => shapeBucket(x.qv.q.shape, toks(x)[x.c.first - 1]?.lemma ?? '^')),
  family('typeNextWord', 'hashed: the question type and the word after the span ("who" and "[Newton] discovered")', BUCKETS, (x) => shapeBucket(x.qv.q.shape, toks(x)[x.c.last]?.lemma ?? '$')),
  family('typeHeadWord', 'hashed: the question type and the span\'s last word ("when" and "[the 19th century]")', BUCKETS, (x) => shapeBucket(x.qv.q.shape, toks(x)[x.c.last - 1]?.lemma ?? '')),
  fixed(feature('capitalShare', 'share of the span\'s words that start with a capital: 1 for "Hans-Jakob Schindler"', (x) => {
    let n = 0;
    for (const t of x.content) if (startsCapital(t.text)) n++;
    return n / Math.max(1, x.content.length);
  })),
  fixed(feature('hasDigit', 'the span contains a digit: "1,200 workers"', (x) => yes(/\d/.test(x.pv.ev.analysis.text.slice(x.c.start, x.c.end))))),
  fixed(feature('bracketed', 'the span sits inside parentheses: "(ICC)"', (x) => yes(toks(x)[x.c.first - 1]?.text === '(' && toks(x)[x.c.last]?.text === ')'))),

  // Where the candidate's passage and sentence stand
  feature('passageRerank', 'log probability of the candidate\'s passage under the re-ranker: 0 for a sure passage', (x) => x.pv.retrieval.rerank),
  feature('passageBm25', 'the passage\'s BM25 score relative to the best hit: 1 for the top hit', (x) => x.pv.retrieval.bm25Relative),
  family('passageRank', 'the passage\'s rank after re-ranking', ['1', '2', '3', '4+'], (x) => (x.pv.retrieval.rerankRank >= 4 ? '4+' : String(x.pv.retrieval.rerankRank))),
  family('sentenceRank', 'the sentence\'s rank within its passage by how much of the question it says', ['1', '2', '3', '4+'], (x) => {
    const r = x.pv.sentenceRank[x.c.sentence] ?? 4;
    return r >= 4 ? '4+' : String(r);
  }),
  fixed(feature('firstSentence', 'the candidate is in the passage\'s first sentence', (x) => yes(x.c.sentence === 0))),
];

export const candidateFeatures = registry(CANDIDATE_FEATURES);
export type { QuestionType };
