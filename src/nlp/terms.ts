import { stemWord } from './wink.js';
import { IRREGULAR } from './lexicon.js';

/**
 * Term normalisation shared by the index and question analysis, so both sides agree.
 * Apostrophes are dropped rather than split on: the seed corpus lost its apostrophes
 * ("Talibans", "Akhundzadas"), and dropping them makes "Taliban's" and "Talibans" the
 * same word, which the stemmer then folds to "taliban".
 */

const WORD = /[\p{L}\p{N}]+(?:(?:[.'’‘]|(?<=\d),(?=\d{3}))[\p{L}\p{N}]+)*\.?/gu;

export interface RawTerm {
  /** Surface form as written. */
  text: string;
  start: number;
  end: number;
  /** Normalised term (stem for words, canonical digits for numbers). */
  term: string;
}

/**
 * Folding and stemming dominate index build time, and natural text repeats its words, so both
 * are memoised. Bounded so that a pathological corpus cannot grow the tables without limit.
 */
function memoised(fn: (word: string) => string, limit = 500_000): (word: string) => string {
  const table = new Map<string, string>();
  return (word) => {
    let out = table.get(word);
    if (out === undefined) {
      out = fn(word);
      if (table.size < limit) table.set(word, out);
    }
    return out;
  };
}

export const foldWord: (word: string) => string = memoised((word) =>
  word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘]/g, '')
    .replace(/\.$/, ''),
);

const NUMERIC = /^\d[\d,.]*$/;

/** Normalises one word; abbreviations keep their dots ("u.s", "u.n") to stay distinct from words. */
export const termOf: (word: string) => string = memoised(computeTerm);

function computeTerm(word: string): string {
  const folded = foldWord(word);
  if (NUMERIC.test(folded)) return folded.replace(/,(?=\d{3}\b)/g, '');
  if (folded.includes('.')) return folded;
  const base = IRREGULAR.get(folded) ?? folded;
  return base.length <= 3 ? base : stemWord(base);
}

export function tokenizeTerms(text: string): RawTerm[] {
  const out: RawTerm[] = [];
  forEachWord(text, (surface, start) => out.push({ text: surface, start, end: start + surface.length, term: termOf(surface) }));
  return out;
}

/**
 * Each word of `text` as tokenizeTerms reads it, without building a token object: index
 * builds call this for millions of words.
 */
export function forEachWord(text: string, fn: (surface: string, start: number) => void): void {
  for (const m of text.matchAll(WORD)) {
    fn(m[0].endsWith('.') && !/\.[\p{L}\p{N}]/u.test(m[0]) ? m[0].slice(0, -1) : m[0], m.index);
  }
}

/** Function words that carry no retrieval signal. Kept short and general on purpose. */
export const STOPWORDS = new Set(
  `a an the and or but nor so yet of in on at to for from by with without about into onto over under than then
  as is are was were be been being am do does did done doing have has had having will would shall should can could
  may might must it its it's this that these those there here their theirs them they he him his she her hers we us our
  you your i me my mine who whom whose what which when where why how whats wheres whos also not no only just very
  too more most much many some any each every all both either neither one's such own same other another s
  if because while during before after since until against between among through per via upon within including
  ago said says say according reportedly called named whether`.split(/\s+/).filter(Boolean),
);

export function isStopword(folded: string): boolean {
  return STOPWORDS.has(folded);
}
