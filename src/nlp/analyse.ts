import type { ItemCustomEntity, ItemEntity, ItemSentence, ItemToken } from 'wink-nlp';
import { isLexicalWord, its, LEXICON_SIZE, readDocAfresh } from './wink.js';
import { foldWord, STOPWORDS, termOf } from './terms.js';

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
  /**
   * In Title Case sentences ("Taliban Expand Ties With India"), the tag the word gets once the
   * sentence is lower-cased: capitals no longer mislead the tagger there.
   */
  plainPos?: string;
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
  const doc = readDocAfresh(text);
  const tokens: Token[] = [];
  let cursor = 0;
  // Each property read for all tokens at once: the same mappers as a token's out(), without
  // wink making an item (a dozen closures) for every token.
  const all = doc.tokens();
  const values = all.out() as string[];
  // wink types its.lemma with an addons parameter that out() does not declare.
  const lemmas = all.out(its.lemma as unknown as typeof its.value) as unknown[];
  const tags = all.out(its.pos) as unknown[];
  const kinds = all.out(its.type) as unknown[];
  const spaces = all.out(its.precedingSpaces) as unknown[];
  const ids = all.out(its.uniqueId) as unknown[];
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
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
      lemma: String(lemmas[i]).toLowerCase(),
      pos: String(tags[i]),
      kind: String(kinds[i]),
      sentence: 0,
      spaced: String(spaces[i]) !== '',
      lexical: Number(ids[i]) < LEXICON_SIZE || (/^\p{Lu}/u.test(value) && isLexicalWord(value)),
      // Present on every token, set by retagLowercased: tokens made here and read back from a
      // snapshot then share one hidden class.
      plainPos: undefined,
    });
    cursor = end;
  }

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

  // wink ends a sentence at the dot of "kurdistan24.net"; a boundary with no space is no boundary.
  for (let k = sentences.length - 1; k > 0; k--) {
    const prev = sentences[k - 1]!;
    const next = sentences[k]!;
    if (tokens[prev.last - 1]!.end === tokens[next.first]!.start) {
      prev.last = next.last;
      prev.end = next.end;
      sentences.splice(k, 1);
    }
  }
  sentences.forEach((s, n) => {
    for (let i = s.first; i < s.last; i++) tokens[i]!.sentence = n;
  });

  const entities: Span[] = [];
  const collect = (type: string, toks: { length(): number; itemAt(i: number): { index(): number } }) => {
    const n = toks.length();
    if (n > 0) entities.push({ type, first: toks.itemAt(0).index(), last: toks.itemAt(n - 1).index() + 1 });
  };
  doc.entities().each((e: ItemEntity) => collect(String(e.out(its.type)), e.tokens()));
  doc.customEntities().each((e: ItemCustomEntity) => collect(String(e.out(its.type)), e.tokens()));
  entities.sort((a, b) => a.first - b.first || b.last - a.last);
  for (const s of sentences) if (isTitleCase(tokens, s.first, s.last)) retagLowercased(text, tokens, s);
  return { text, tokens, sentences, entities };
}

/** Headlines capitalise every word, which makes capitals useless as a name signal there. */
export function isTitleCase(tokens: readonly Token[], first: number, last: number): boolean {
  // Title Case leaves only short function words in lower case; a sentence full of names
  // ("Security is provided by the General Directorate …") still has lower-case content words.
  let words = 0;
  let lower = 0;
  for (let i = first; i < last; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.text.length < 4 || STOPWORDS.has(t.folded)) continue;
    words++;
    if (!/^\p{Lu}/u.test(t.text)) lower++;
  }
  return words >= 3 && lower === 0;
}

function retagLowercased(text: string, tokens: Token[], s: Sentence): void {
  const original = text.slice(s.start, s.end);
  const lower = original.toLowerCase();
  // Offsets must line up; the rare letters whose lower case is longer are left as they are.
  if (lower.length !== original.length) return;
  const byStart = new Map<number, Token>();
  for (let i = s.first; i < s.last; i++) byStart.set(tokens[i]!.start - s.start, tokens[i]!);
  let cursor = 0;
  readDocAfresh(lower).tokens().each((t: ItemToken) => {
    const value = t.out();
    const at = lower.indexOf(value, cursor);
    if (at < 0) return;
    cursor = at + value.length;
    const token = byStart.get(at);
    if (token && token.end - token.start === value.length) token.plainPos = String(t.out(its.pos));
  });
}

/**
 * A passage's analysis as the reader uses it: "Title? - Publisher - date" headlines are one
 * statement, whatever question marks or colons the title holds. What the index stores.
 */
export function analysePassage(text: string, source: string | null): TextAnalysis {
  const headline = !!source && text.includes(` - ${source} - `);
  return headline ? asOneSentence(analyseText(text)) : analyseText(text);
}

/** Treats the whole text as one sentence: a headline line is one statement however it is punctuated. */
export function asOneSentence(a: TextAnalysis): TextAnalysis {
  if (a.sentences.length <= 1 || a.tokens.length === 0) return a;
  for (const t of a.tokens) t.sentence = 0;
  const last = a.tokens[a.tokens.length - 1]!;
  return { ...a, sentences: [{ first: 0, last: a.tokens.length, start: a.tokens[0]!.start, end: last.end }] };
}
