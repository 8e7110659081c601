/**
 * Spans derived from the ones already found, because answers are often a little more or a
 * little less than a phrase: an amount with its hedge ("[almost 25,000]", "[12 to 15 million]"),
 * a numbered name ("[Article 102]"), the name at the end of a description ("soap opera
 * [Dallas]"), a phrase without its leading adjectives, and a phrase with one prepositional
 * phrase ("[voters outside the city limits]").
 */
import type { TextAnalysis, Token } from '../../nlp/analyse.js';
import type { Candidate, Push, SpanKind } from './types.js';
import { MONTHS } from '../../nlp/lexicon.js';

const AMOUNTS: ReadonlySet<SpanKind> = new Set(['count', 'money', 'percent', 'quantity', 'duration']);
/** Hedges before an amount, longest first. */
const HEDGES = ['more than', 'less than', 'fewer than', 'at least', 'up to', 'as many as', 'as much as', 'almost', 'nearly', 'about', 'around', 'approximately', 'roughly', 'some', 'over', 'under', 'just', 'only', 'exactly'].map((h) => h.split(' '));
/** Prepositions a phrase may carry one of ("voters outside the city limits"); "of" is already joined by the phrase extractor. */
const ATTACHING = new Set(['in', 'on', 'at', 'from', 'with', 'for', 'outside', 'inside', 'within', 'near', 'between', 'among', 'against', 'during', 'to']);
/** How far a derived phrase may reach past its base. */
export const MAX_ATTACHED_TOKENS = 6;

/** Places people number: "room 2.14", "gate 5", "platform 3". */
const NUMBERED_PLACES = new Set(['room', 'hall', 'gate', 'platform', 'floor', 'level', 'stage', 'booth', 'table', 'desk', 'stand', 'pier', 'dock', 'terminal', 'ward', 'block', 'suite', 'unit', 'lab', 'studio', 'court', 'field', 'pitch', 'lane', 'track', 'bay', 'zone', 'area']);

const isNumber = (t: Token | undefined) => !!t && (t.kind === 'number' || t.pos === 'NUM');

export function variants(a: TextAnalysis, found: readonly Candidate[], push: Push): void {
  const toks = a.tokens;
  const sameSentence = (i: number, c: Candidate) => toks[i]?.sentence === c.sentence;
  for (const c of found) {
    if (c.anchor !== c.first) continue;
    if (AMOUNTS.has(c.kind)) {
      for (const hedge of HEDGES) {
        const at = c.first - hedge.length;
        if (at >= 0 && hedge.every((w, k) => toks[at + k]?.folded === w) && sameSentence(at, c)) {
          push(c.kind, at, c.last, { head: c.head });
          break;
        }
      }
      // "12 to 15 million", "between 10 and 20 percent".
      const joiner = toks[c.first - 1]?.folded;
      if ((joiner === 'to' || joiner === 'and' || joiner === '-' || joiner === '–') && isNumber(toks[c.first - 2]) && sameSentence(c.first - 2, c)) {
        const start = joiner === 'and' && toks[c.first - 3]?.folded === 'between' ? c.first - 3 : c.first - 2;
        push(c.kind, start, c.last, { head: c.head });
      }
    }
    // "Article 102", "Chapter 7", "World War II": a capitalised or common noun and its number.
    if ((c.kind === 'count' || c.kind === 'year') && c.last - c.first === 1) {
      const before = toks[c.first - 1];
      // "July 31" is a day, not a numbered name.
      if (before && (before.pos === 'NOUN' || before.pos === 'PROPN') && /^\p{Lu}/u.test(before.text) && sameSentence(c.first - 1, c)) push(MONTHS.has(before.folded) ? 'date' : 'name', c.first - 1, c.last);
      // "room 2.14", "gate 5": a numbered place, lower case or not.
      else if (before && NUMBERED_PLACES.has(before.folded) && sameSentence(c.first - 1, c)) push('place', c.first - 1, c.last);
    }
    if (c.kind === 'phrase' || c.kind === 'role' || c.kind === 'orgdesc') {
      // The name that ends a description: "soap opera [Dallas]".
      let k = c.last;
      while (k > c.first && toks[k - 1]!.pos === 'PROPN') k--;
      if (k > c.first && k < c.last) push('name', k, c.last);
      // Without leading adjectives and determiners: "various possible [redistribution mechanisms]".
      let s = c.first;
      while (s < c.last - 1 && (toks[s]!.pos === 'ADJ' || toks[s]!.pos === 'DET')) s++;
      if (s > c.first) push(c.kind, s, c.last, { head: c.head });
      // With one prepositional phrase: "[voters outside the city limits]".
      const prep = toks[c.last];
      if (prep && ATTACHING.has(prep.folded) && sameSentence(c.last, c)) {
        let e = c.last + 1;
        while (e < toks.length && e - c.last <= MAX_ATTACHED_TOKENS && sameSentence(e, c) && /^(DET|ADJ|NOUN|PROPN|NUM)$/.test(toks[e]!.pos)) e++;
        // Ends on a noun, and takes at least one.
        while (e > c.last + 1 && !/^(NOUN|PROPN|NUM)$/.test(toks[e - 1]!.pos)) e--;
        if (e > c.last + 1) push(c.kind, c.first, e, { head: c.head });
      }
    }
  }
}
