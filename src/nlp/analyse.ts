import type { ItemCustomEntity, ItemEntity, ItemSentence, ItemToken } from 'wink-nlp';
import { nlp, its, LEXICON_SIZE } from './wink.js';
import { foldWord, termOf } from './terms.js';

/** One wink token with character offsets into the analysed text. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Lower-cased, apostrophe-free surface. */
  folded: string;
  /** Same normalisation as the index (stem / canonical number). */
  term: string;
  lemma: string;
  pos: string;
  /** wink token type: word, number, punctuation, currency, ordinal, … */
  kind: string;
  sentence: number;
  /** True when whitespace precedes the token in the source. */
  spaced: boolean;
  /** True when the word is in wink's English lexicon (so not a misspelling). */
  lexical: boolean;
}

export interface Span {
  type: string;
  /** Token range [first, last). */
  first: number;
  last: number;
}

export interface Sentence {
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface TextAnalysis {
  text: string;
  tokens: Token[];
  sentences: Sentence[];
  /** wink's entities (DATE, MONEY, CARDINAL, …) plus our custom patterns. */
  entities: Span[];
}

export function analyseText(text: string): TextAnalysis {
  const doc = nlp.readDoc(text);
  const tokens: Token[] = [];
  let cursor = 0;
  doc.tokens().each((t: ItemToken) => {
    const value = t.out();
    // wink keeps token values verbatim, so a forward search recovers offsets; the fallback
    // keeps offsets monotonic should it ever normalise a token.
    const found = text.indexOf(value, cursor);
    const start = found >= 0 ? found : cursor;
    const end = found >= 0 ? start + value.length : cursor;
    tokens.push({
      text: value,
      start,
      end,
      folded: foldWord(value),
      term: termOf(value),
      // wink types its.lemma with an addons parameter that out() does not declare.
      lemma: String(t.out(its.lemma as unknown as typeof its.value)).toLowerCase(),
      pos: String(t.out(its.pos)),
      kind: String(t.out(its.type)),
      sentence: 0,
      spaced: String(t.out(its.precedingSpaces)) !== '',
      lexical: Number(t.out(its.uniqueId)) < LEXICON_SIZE,
    });
    cursor = end;
  });

  const sentences: Sentence[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const toks = s.tokens();
    const n = toks.length();
    if (n === 0) return;
    const first = toks.itemAt(0).index();
    const last = toks.itemAt(n - 1).index() + 1;
    for (let i = first; i < last; i++) tokens[i]!.sentence = sentences.length;
    sentences.push({ first, last, start: tokens[first]!.start, end: tokens[last - 1]!.end });
  });

  const entities: Span[] = [];
  const collect = (type: string, toks: { length(): number; itemAt(i: number): { index(): number } }) => {
    const n = toks.length();
    if (n > 0) entities.push({ type, first: toks.itemAt(0).index(), last: toks.itemAt(n - 1).index() + 1 });
  };
  doc.entities().each((e: ItemEntity) => collect(String(e.out(its.type)), e.tokens()));
  doc.customEntities().each((e: ItemCustomEntity) => collect(String(e.out(its.type)), e.tokens()));
  entities.sort((a, b) => a.first - b.first || b.last - a.last);
  return { text, tokens, sentences, entities };
}
