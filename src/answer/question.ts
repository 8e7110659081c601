import type { QuestionType } from './types.js';
import { analyseText, type TextAnalysis } from '../nlp/analyse.js';
import { isStopword, STOPWORDS, termOf } from '../nlp/terms.js';
import { distance } from '../index/fuzzy.js';
import {
  AMOUNT_NOUNS,
  HOW_QUANTITY,
  MONEY_NOUNS,
  NAME_PARTICLES,
  ORG_NOUNS,
  PERSON_NOUNS,
  PHRASAL,
  PLACE_NOUNS,
  TIME_NOUNS,
  synonymsOf,
} from '../nlp/lexicon.js';
import { thesaurus, type Thesaurus } from '../nlp/thesaurus.js';
import type { QueryTerm } from '../index/bm25.js';
import { FOCUS_WEIGHTS, VARIANT_WEIGHTS } from './tuning.js';

/**
 * Finer shapes of the expected answer, used to prefer one candidate kind over another. The
 * feature registry makes one column per shape from this list, so a new shape can't miss its
 * column. "agent" is a person or organisation; "definition" a description of a named thing
 * ("Who is Richard Bennett?"); "reason" a cause or purpose ("Why …?"); "manner" a means ("How
 * did …?", not how much/many/long).
 */
export const ANSWER_SHAPES = [
  'person', 'org', 'agent', 'date', 'year', 'money', 'percent', 'count', 'duration', 'quantity', 'place', 'acronym', 'title', 'definition', 'thing', 'reason', 'manner',
] as const;
export type AnswerShape = (typeof ANSWER_SHAPES)[number];

export interface FocusTerm {
  surface: string;
  pos: string;
  /** Position in the question's token list. */
  index: number;
  term: string;
  /** Importance inside the question: names and numbers weigh more than verbs. */
  weight: number;
  proper: boolean;
  /** The term itself plus discounted variants (spelling fixes, synonyms). */
  variants: QueryTerm[];
  /** Not expected in the passage (a which-question's head noun): never counted as unknown. */
  optional?: boolean;
  /** Index of the multi-word name this word belongs to, if any. */
  group?: number;
}

export interface QuestionAnalysis {
  text: string;
  type: QuestionType;
  shape: AnswerShape;
  /** The wh-phrase as asked ("how many", "which", …), or '' for a bare phrase like "/when zawahiri killed". */
  wh: string;
  /** Head noun of "which X"/"how many X" ("agency", "mines"), as a term. */
  headTerm: string | null;
  focus: FocusTerm[];
  /** Terms for retrieval: focus variants, flattened and merged. */
  query: QueryTerm[];
  analysis: TextAnalysis;
  /** "Who said …?": the answer is whoever the passage quotes. */
  speech: boolean;
  /** "Who did Alexander marry?": the answer is the verb's object, the subject being given. */
  objectQuestion: boolean;
  /** "Who was killed …?": the answer is who it happened to. */
  passive: boolean;
  /** Final preposition of questions like "… repurposed for?": the answer follows it in the passage. */
  strandedPrep: string | null;
  /** The verb that preposition belongs to, as a term; null when it is light ("come from"). */
  strandedVerb: string | null;
}

/** What question analysis needs to know about the corpus, without depending on the index type. */
export interface Vocabulary {
  has(term: string): boolean;
  /** Closest corpus terms for an unknown one (spelling tolerance). */
  nearest(term: string): string[];
}

/** Head nouns of "what paper / which film" questions, answered by a title. */
const WORK_NOUNS = new Set(['paper', 'book', 'film', 'movie', 'song', 'album', 'novel', 'report', 'article', 'poem', 'play', 'opera', 'series', 'show', 'work', 'essay', 'study', 'treatise', 'painting', 'title']);
const KIND_NOUNS = new Set(['kind', 'kinds', 'type', 'types', 'sort', 'sorts', 'form', 'forms', 'variety', 'category', 'class']);
const WH = new Set(['who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how']);
// Verbs that only frame a question ("Where is it located?") and are rarely written in the answer.
const LIGHT_VERBS = new Set(['located', 'situated', 'happen', 'happened', 'occur', 'occurred', 'exist', 'exists', 'lie', 'lies']);
const SPEECH_VERBS = new Set(['say', 'tell', 'claim', 'state', 'warn', 'argue', 'note', 'add', 'write', 'declare', 'insist', 'suggest', 'describe', 'call']);
const ORIGIN_VERBS = new Set(['come', 'go', 'be', 'get', 'have', 'originate', 'hail']);
const EVENT_VERBS = new Set(['held', 'hold', 'holds', 'staged', 'organised', 'organized', 'convened']);
/** Verbs of a what-question that ask for a price: "What does it cost?", "what do members pay?". */
const PRICE_VERBS = new Set(['cost', 'costs', 'pay', 'charge', 'charges']);
/** The copula after a wh-word, "'s" included once its apostrophe is folded away ("What's the …", "Who's …"). */
const COPULA = /^(is|was|are|were|s)$/;
const AUX = new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'can', 'could', 'will', 'would', 'should', 'be', 'been', 'being', 'may', 'might', 'must', 'shall']);

function classifyNoun(folded: string, lemma: string): AnswerShape | null {
  for (const w of [folded, lemma]) {
    if (PERSON_NOUNS.has(w)) return 'person';
    if (ORG_NOUNS.has(w)) return 'org';
    if (PLACE_NOUNS.has(w)) return 'place';
    if (TIME_NOUNS.has(w)) return w === 'year' || w === 'century' || w === 'decade' ? 'year' : 'date';
    if (MONEY_NOUNS.has(w)) return 'money';
    if (AMOUNT_NOUNS.has(w)) return w === 'percentage' || w === 'percent' || w === 'proportion' ? 'percent' : 'quantity';
  }
  return null;
}

export function typeOfShape(shape: AnswerShape): QuestionType {
  switch (shape) {
    case 'person':
    case 'org':
    case 'agent':
      return 'who';
    case 'date':
    case 'year':
      return 'when';
    case 'money':
    case 'percent':
    case 'count':
    case 'duration':
    case 'quantity':
      return 'how_much';
    case 'place':
      return 'where';
    case 'definition':
      return 'what';
    case 'reason':
      return 'why';
    case 'manner':
      return 'how';
    default:
      return 'what';
  }
}

const DEFAULT_SHAPE: ReadonlyMap<QuestionType, AnswerShape> = new Map([['who', 'agent'], ['when', 'date'], ['how_much', 'quantity'], ['where', 'place'], ['what', 'thing'], ['why', 'reason'], ['how', 'manner']]);

interface WhReading {
  wh: string;
  shape: AnswerShape;
  /** Token indices consumed by the wh-phrase (not focus terms). */
  consumed: Set<number>;
  headIndex: number | null;
}

/** Reads the expected answer from the wh-word and, for "which/what X", from X's head noun. */
function readWh(a: TextAnalysis): WhReading {
  const toks = a.tokens;
  const consumed = new Set<number>();
  const whIndex = toks.findIndex((t) => WH.has(t.folded));
  if (whIndex < 0) return readBarePhrase(a);
  consumed.add(whIndex);
  const wh = toks[whIndex]!.folded;
  const next = toks[whIndex + 1];
  const definition = definitional(a, whIndex);
  if (definition) return { wh, shape: definition, consumed: new Set([...consumed, whIndex + 1]), headIndex: null };
  if (wh === 'who' || wh === 'whom' || wh === 'whose') return { wh, shape: 'agent', consumed, headIndex: null };
  if (wh === 'when') return { wh, shape: 'date', consumed, headIndex: null };
  if (wh === 'where') return { wh, shape: 'place', consumed, headIndex: null };
  if (wh === 'why') return { wh, shape: 'reason', consumed, headIndex: null };
  if (wh === 'how') {
    if (next && HOW_QUANTITY.has(next.folded)) {
      consumed.add(whIndex + 1);
      const head = nounRun(a, whIndex + 2);
      const headFolded = head !== null ? toks[head]!.folded : '';
      const shape: AnswerShape =
        next.folded === 'many' ? 'count'
        : next.folded === 'much' ? (/^(money|cash|funding|aid|dollar)/.test(headFolded) ? 'money' : toks[whIndex + 2]?.folded === 'of' ? 'quantity' : head === null ? 'money' : 'quantity')
        : next.folded === 'long' || next.folded === 'often' ? 'duration'
        : 'quantity';
      return { wh: `how ${next.folded}`, shape, consumed, headIndex: head };
    }
    return { wh, shape: 'manner', consumed, headIndex: null };
  }
  // "What does the monthly plan cost?", "what do members pay?": a price.
  if (wh === 'what' && /^(do|does|did)$/.test(next?.folded ?? '') && toks.slice(whIndex + 2).some((t) => PRICE_VERBS.has(t.folded))) return { wh, shape: 'money', consumed, headIndex: null };
  // what / which: classify by the nouns right after the wh-word ("what percentage share", "which agency").
  let head = nounRun(a, whIndex + 1);
  // "What kind of firm": the kind is named after "of".
  if (head !== null && KIND_NOUNS.has(toks[head]!.folded) && toks[head + 1]?.folded === 'of') {
    consumed.add(head);
    consumed.add(head + 1);
    head = nounRun(a, head + 2) ?? head;
  }
  if (head !== null) {
    for (let i = head; i > whIndex; i--) {
      const t = toks[i]!;
      const shape = classifyNoun(t.folded, t.lemma);
      if (shape) {
        if (shape === 'percent' || shape === 'quantity' || shape === 'year' || shape === 'date') for (let j = whIndex + 1; j <= i; j++) if (toks[j]!.pos !== 'PROPN') consumed.add(j);
        return { wh, shape, consumed, headIndex: head };
      }
    }
    if (WORK_NOUNS.has(toks[head]!.lemma)) return { wh, shape: 'title', consumed, headIndex: head };
    return { wh, shape: 'thing', consumed, headIndex: head };
  }
  // "What is the title of …", "What does X stand for?"
  const folded = toks.map((t) => t.folded);
  // "stand for" arrives folded to "stand" by the phrasal-verb step.
  if (folded.includes('stand')) {
    toks.forEach((t, i) => t.folded === 'stand' && consumed.add(i));
    return { wh, shape: 'acronym', consumed, headIndex: null };
  }
  // "What is the capital of Badakhshan?", "whats the max team size": the noun after the copula
  // says what is asked for, when its noun group ends there ("What is the team doing?" does not).
  if (COPULA.test(folded[whIndex + 1] ?? '') && folded[whIndex + 2] === 'the' && !/^(title|name)$/.test(folded[whIndex + 3] ?? '')) {
    const head = nounRun(a, whIndex + 3);
    const shape = head !== null ? classifyNoun(toks[head]!.folded, toks[head]!.lemma) : null;
    if (head !== null && shape && endsNounGroup(a, head)) return { wh, shape, consumed, headIndex: head };
  }
  // "What is the title of …" asks for a title; "what is the name of the desert …" for a name of
  // whatever kind the noun after "of" says.
  if (COPULA.test(folded[whIndex + 1] ?? '') && /^(title|name)$/.test(folded[whIndex + 3] ?? '')) {
    for (let k = whIndex + 1; k <= whIndex + 3; k++) consumed.add(k);
    if (folded[whIndex + 3] === 'title') return { wh, shape: 'title', consumed, headIndex: null };
    const head = folded[whIndex + 4] === 'of' ? nounRun(a, whIndex + 5) : null;
    if (head !== null) {
      const shape = classifyNoun(toks[head]!.folded, toks[head]!.lemma);
      if (shape) return { wh, shape, consumed, headIndex: head };
    }
    return { wh, shape: 'title', consumed, headIndex: head };
  }
  return { wh, shape: 'thing', consumed, headIndex: null };
}

/**
 * The noun group ends at `head`: the question does, or a preposition, punctuation or a relative
 * clause follows ("size of", "price for members", "the highest score [a project can get]"), not a
 * verb of its own ("What is the team doing?").
 */
function endsNounGroup(a: TextAnalysis, head: number): boolean {
  const next = a.tokens[head + 1];
  return !next || next.pos === 'ADP' || next.pos === 'PUNCT' || next.pos === 'DET' || next.pos === 'PRON' || next.pos === 'SCONJ';
}

/** The head noun of a line that opens with a noun group ending there ("[capital] of badakhshan", "max team [size]"), or null. */
export function barePhraseHead(a: TextAnalysis): number | null {
  const head = nounRun(a, 0);
  return head !== null && endsNounGroup(a, head) ? head : null;
}

/**
 * A question typed as a bare phrase, without a wh-word ("capital of badakhshan", "leader of the
 * taliban", "deadline for submissions"): its head noun says what is asked for, and "name of X"
 * asks for whatever X is.
 */
function readBarePhrase(a: TextAnalysis): WhReading {
  const toks = a.tokens;
  const unread: WhReading = { wh: '', shape: 'thing', consumed: new Set(), headIndex: null };
  let head = barePhraseHead(a);
  if (head === null) return unread;
  const consumed = new Set<number>();
  if (toks[head]!.folded === 'name' && toks[head + 1]?.folded === 'of') {
    const named = nounRun(a, head + 2);
    if (named === null) return unread;
    consumed.add(head).add(head + 1);
    head = named;
  }
  // "name of the treaty" asks for the treaty's name whatever its kind: "name of" is no focus word.
  const shape = classifyNoun(toks[head]!.folded, toks[head]!.lemma);
  return shape ? { wh: '', shape, consumed, headIndex: head } : { ...unread, consumed };
}

/**
 * "Who is Richard Bennett?", "What was the Bush Institute?", "What is SIGAR?": a copula followed
 * by nothing but a name asks what the name is.
 */
function definitional(a: TextAnalysis, whIndex: number): AnswerShape | null {
  const toks = a.tokens;
  const wh = toks[whIndex]!.folded;
  if (wh !== 'who' && wh !== 'what') return null;
  if (!COPULA.test(toks[whIndex + 1]?.folded ?? '')) return null;
  const rest = toks.slice(whIndex + 2).filter((t) => t.pos !== 'PUNCT' || t.text === '-');
  while (rest[0] && rest[0].pos === 'DET') rest.shift();
  if (rest.length === 0) return null;
  // Lower-case parts glued by hyphens belong to the name: "Tehrik-i-Taliban".
  const capital = (t: (typeof rest)[number]) => /^\p{Lu}/u.test(t.text) || t.text === '-' || !t.spaced || /^(of|for|and|the|al|bin|de)$/.test(t.folded);
  const first = rest[0]!;
  if (!rest.every(capital) || !/^\p{Lu}/u.test(first.text)) return null;
  // "Who is the Afghan Foreign Minister?" asks who holds a role, not what a name is.
  if (rest.some((t) => PERSON_NOUNS.has(t.folded) || PERSON_NOUNS.has(t.lemma))) return null;
  if (wh === 'what' && rest.length === 1 && /^[A-Z][A-Z0-9&]{1,9}$/.test(first.text)) return 'acronym';
  return 'definition';
}

/** Index of the last noun in the noun group starting at `from` (skipping determiners and adjectives). */
function nounRun(a: TextAnalysis, from: number): number | null {
  let i = from;
  let last: number | null = null;
  while (i < a.tokens.length) {
    const t = a.tokens[i]!;
    // "how many affiliates benefit from", "how many women work in": a bare noun after a plural
    // noun and before a preposition is the verb the tagger misread.
    const prev = a.tokens[i - 1];
    const next = a.tokens[i + 1];
    const plural = (w: typeof t) => /s$/.test(w.folded) || w.lemma !== w.folded;
    if (t.pos === 'NOUN' && last !== null && prev && plural(prev) && !plural(t) && next && (next.pos === 'ADP' || next.pos === 'DET')) break;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') last = i;
    else if (!(t.pos === 'ADJ' || t.pos === 'DET' || t.pos === 'NUM' || (t.pos === 'PUNCT' && t.text === '.'))) break;
    if (t.pos === 'DET' && last !== null) break;
    i++;
  }
  return last;
}

/** Phrasal verbs as patterns, compiled once: "take (power) back" → "regain". */
const PHRASAL_PATTERNS = [...PHRASAL].map(([phrase, verb]) => [new RegExp(`\\b${phrase.replace(' ', '\\s+(?:\\w+\\s+)?')}\\b`, 'gi'), verb] as const);

/** A wh-word with its "is" run together, as people type in chat: "whats", "wheres", "hows". */
const RUN_TOGETHER_WH = /\b(what|where|who|how|when|why)s\b/gi;

/** The question as wink should read it: chat run-togethers spelt out, phrasal verbs as one verb. */
function foldQuestion(question: string): string {
  let out = question.replace(RUN_TOGETHER_WH, '$1 is');
  for (const [pattern, verb] of PHRASAL_PATTERNS) out = out.replace(pattern, verb);
  return out;
}

/** `synonyms` defaults to WordNet's (src/nlp/thesaurus.ts); tests pass their own. */
export function analyseQuestion(question: string, vocabulary: Vocabulary, forced?: QuestionType, synonyms: Thesaurus = thesaurus()): QuestionAnalysis {
  const analysis = analyseText(foldQuestion(question));
  const reading = readWh(analysis);
  let shape = reading.shape;
  if (forced && typeOfShape(shape) !== forced) shape = DEFAULT_SHAPE.get(forced) ?? 'thing';
  const type = forced ?? (shape === 'definition' ? (reading.wh === 'who' ? 'who' : 'what') : typeOfShape(shape));

  const focus: FocusTerm[] = [];
  const seen = new Set<string>();
  analysis.tokens.forEach((t, i) => {
    if (reading.consumed.has(i)) return;
    if (t.pos === 'PUNCT' || t.pos === 'SYM' || !/[\p{L}\p{N}]/u.test(t.text)) return;
    if (isStopword(t.folded) || AUX.has(t.folded) || WH.has(t.folded) || LIGHT_VERBS.has(t.folded)) return;
    // "Where were the talks held?": for where/when, holding an event only frames the question.
    if ((type === 'where' || type === 'when') && EVENT_VERBS.has(t.folded)) return;
    if (t.text === 's' || t.text === "'s") return;
    // A misspelt function word ("teh") is still a function word; an acronym ("MAS") is not one.
    if (!t.lexical && !/^\p{Lu}{2,}$/u.test(t.text) && t.folded.length <= 4 && [...STOPWORDS].some((w) => w.length >= 2 && distance(w, t.folded, 1) <= 1 && w[0] === t.folded[0])) return;
    const term = t.term;
    if (seen.has(term)) return;
    seen.add(term);
    // Name particles belong to the name they introduce: "Osama bin Laden", "al Qaeda".
    const particle = NAME_PARTICLES.has(t.folded) && /^\p{Lu}/u.test(analysis.tokens[i + 1]?.text ?? '');
    const proper = t.pos === 'PROPN' || (i > 0 && /^\p{Lu}/u.test(t.text)) || particle;
    // The verb carries the relation asked about ("founded" vs "directs"), so it weighs like a noun.
    const weight = proper ? FOCUS_WEIGHTS.proper : t.kind === 'number' ? FOCUS_WEIGHTS.number : t.pos === 'NOUN' || t.pos === 'VERB' ? FOCUS_WEIGHTS.contentWord : FOCUS_WEIGHTS.other;
    const variants: QueryTerm[] = [];
    if (vocabulary.has(term)) variants.push({ term, weight: VARIANT_WEIGHTS.exact });
    // Only words the English lexicon does not know are treated as misspellings.
    else if (!t.lexical) for (const near of vocabulary.nearest(term)) variants.push({ term: near, weight: VARIANT_WEIGHTS.spelling });
    // "US", "UN" in a question are the corpus's "U.S.", "U.N.".
    if (/^[A-Z]{2,3}$/.test(t.text)) {
      const dotted = t.text.toLowerCase().split('').join('.');
      if (vocabulary.has(dotted)) variants.push({ term: dotted, weight: VARIANT_WEIGHTS.dotted });
    }
    const lemmaTerm = termOf(t.lemma);
    if (lemmaTerm !== term && vocabulary.has(lemmaTerm)) variants.push({ term: lemmaTerm, weight: VARIANT_WEIGHTS.lemma });
    // The hand-made groups first, then WordNet's, which never expands a name; the first weight a term gets stands.
    const related = [
      ...synonymsOf(t.lemma).concat(synonymsOf(t.folded)).map((w) => [w, VARIANT_WEIGHTS.synonym] as const),
      ...(proper ? [] : synonyms.of(t.lemma, t.pos).map((w) => [w, VARIANT_WEIGHTS.thesaurus] as const)),
    ];
    for (const [word, weight] of related) {
      const s = termOf(word);
      if (s !== term && vocabulary.has(s) && !variants.some((v) => v.term === s)) variants.push({ term: s, weight });
    }
    // The head noun of "which militant group" names the answer's kind; the passage may not repeat it.
    const head = i === reading.headIndex && (reading.wh === 'which' || reading.wh === 'what');
    // A capitalised word inside a name ("Baltic Works Authority") is part of the name whatever its tag.
    focus.push({ surface: t.text, pos: proper ? 'PROPN' : t.pos, index: i, term, weight: head ? weight * FOCUS_WEIGHTS.whichHead : weight, proper, variants, optional: head });
  });

  // A name of several words is one thing asked about: "Osama bin Laden" should not outweigh
  // "killed" three times over. Its words share a weight that grows only a little with length.
  for (let k = 0; k < focus.length; ) {
    let end = k;
    while (end + 1 < focus.length && focus[k]!.proper && focus[end + 1]!.proper && focus[end + 1]!.index - focus[end]!.index <= 2) end++;
    const n = end - k + 1;
    if (n > 1) {
      for (let m = k; m <= end; m++) {
        focus[m]!.weight *= (1 + FOCUS_WEIGHTS.nameGrowth * (n - 1)) / n;
        focus[m]!.group = k;
      }
    }
    k = end + 1;
  }
  const merged = new Map<string, number>();
  for (const f of focus) for (const v of f.variants) merged.set(v.term, Math.max(merged.get(v.term) ?? 0, v.weight * f.weight));
  const query = [...merged].map(([term, weight]) => ({ term, weight }));
  const headTerm = reading.headIndex !== null ? analysis.tokens[reading.headIndex]!.term : null;
  const words = analysis.tokens.filter((t) => t.pos !== 'PUNCT');
  const lastWord = words[words.length - 1];
  const strandedPrep = lastWord && (lastWord.pos === 'ADP' || lastWord.folded === 'for') ? lastWord.folded : null;
  // The verb that governs it ("repurposed for"), unless it is a light one ("come from").
  const governing = strandedPrep ? [...words].reverse().find((t) => t.pos === 'VERB') : undefined;
  const strandedVerb = governing && !ORIGIN_VERBS.has(governing.lemma) ? governing.term : null;
  const whAt = analysis.tokens.findIndex((t) => WH.has(t.folded));
  const speech = type === 'who' && whAt >= 0 && SPEECH_VERBS.has(analysis.tokens[whAt + 1]?.lemma ?? '');
  // wh + do/did/has/will + a subject that is not the verb: "Who did [Emma] marry?".
  const aux = analysis.tokens[whAt + 1];
  const afterAux = analysis.tokens[whAt + 2];
  const objectQuestion =
    type === 'who' && !!aux && /^(did|does|do|has|have|had|will|would|can|could|should)$/.test(aux.folded) && !!afterAux && afterAux.pos !== 'VERB' && !strandedPrep;
  // wh + be + participle with no agent of its own: "Who was killed in a drone strike?".
  const passive =
    !!aux && /^(is|was|are|were|been)$/.test(aux.folded) && analysis.tokens.slice(whAt + 2).some((t) => t.pos === 'VERB' && /ed$|en$/.test(t.folded)) && !analysis.tokens.some((t) => t.folded === 'by');
  return { text: question, type, shape, wh: reading.wh, headTerm, focus, query, analysis, strandedPrep, strandedVerb, speech, objectQuestion, passive };
}

