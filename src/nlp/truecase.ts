import { foldWord, tokenizeTerms } from './terms.js';

/**
 * People type questions in lower case ("who runs the kabul faction", "what is sigar"), and
 * capitals are most of what tells a name from a word here. The corpus knows how its words
 * are written: a word it never writes in lower case is given back its usual capitals before
 * the question is analysed.
 */
export interface CaseModel {
  /** Records one word as written in the corpus (`key` is its foldWord form, when already known), `times` times. */
  add(word: string, key?: string, times?: number): void;
  /** The question with corpus-only capitalised words restored; other characters unchanged. */
  restore(text: string): string;
  /** Usual spelling of each word (by foldWord form) the corpus never writes in lower case. */
  forms(): ReadonlyMap<string, string>;
}

/**
 * `isNameLike` vetoes common words the corpus happens to capitalise only in titles
 * ("President Joe Biden"), so "who is the president of …" keeps its role noun.
 */
export function createCaseModel(isNameLike: (word: string) => boolean = () => true): CaseModel {
  const lower = new Set<string>();
  const cased = new Map<string, Map<string, number>>();
  let canonical: Map<string, string> | null = null;
  return {
    add(word, key = foldWord(word), times = 1) {
      const initial = caseOf(word);
      if (initial === 'lower') lower.add(key);
      else if (initial === 'upper') {
        let forms = cased.get(key);
        if (!forms) cased.set(key, (forms = new Map()));
        forms.set(word, (forms.get(word) ?? 0) + times);
        canonical = null;
      }
    },
    restore(text) {
      canonical ??= pickCanonical(cased, lower);
      const forms = canonical;
      return restoreCase(text, (key) => forms.get(key), isNameLike);
    },
    forms() {
      return (canonical ??= pickCanonical(cased, lower));
    },
  };
}

/**
 * The question with corpus-only capitalised words restored; other characters unchanged.
 * `formOf` gives the corpus's usual spelling of a word (by its foldWord form) when the corpus
 * never writes it in lower case.
 */
export function restoreCase(text: string, formOf: (key: string) => string | undefined, isNameLike: (word: string) => boolean): string {
  let out = '';
  let at = 0;
  for (const t of tokenizeTerms(text)) {
    if (!/^\p{Ll}[\p{Ll}\p{N}.'’]*$/u.test(t.text)) continue;
    const form = formOf(foldWord(t.text));
    if (!form || !isNameLike(t.text)) continue;
    // Same letters: take the corpus spelling ("sigar" → "SIGAR"); otherwise (an apostrophe
    // the corpus lost, say) only the initial capital.
    const restored = form.toLowerCase() === t.text.toLowerCase() ? form : t.text[0]!.toUpperCase() + t.text.slice(1);
    out += text.slice(at, t.start) + restored;
    at = t.end;
  }
  return out + text.slice(at);
}

function pickCanonical(cased: Map<string, Map<string, number>>, lower: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, forms] of cased) {
    if (lower.has(key)) continue;
    let best = '';
    let n = 0;
    for (const [form, count] of forms) if (count > n) [best, n] = [form, count];
    out.set(key, best);
  }
  return out;
}

/** Case of a word's first letter; ASCII answered without a Unicode regex, since this runs per token. */
export function caseOf(word: string): 'lower' | 'upper' | 'none' {
  const c = word.charCodeAt(0);
  if (c >= 97 && c <= 122) return 'lower';
  if (c >= 65 && c <= 90) return 'upper';
  if (c < 128) return 'none';
  return /^\p{Ll}/u.test(word) ? 'lower' : /^\p{Lu}/u.test(word) ? 'upper' : 'none';
}
