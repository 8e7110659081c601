import { analyseText } from '../nlp/analyse.js';
import { isStopword } from '../nlp/terms.js';
import { thesaurus, type Thesaurus } from '../nlp/thesaurus.js';
import { fnv1a } from '../fnv.js';

/**
 * What use looks like, for calibrating and checking the reader: the share of questions a folder
 * can answer, of questions about something it lacks, and of near misses (a question written
 * against the very paragraph that almost answers it, as SQuAD 2.0's unanswerables are). A
 * Discord user mostly asks about what the documents hold; what they don't hold is mostly about
 * something else. Training calibrates the confidence on this mixture and picks the threshold on
 * it; `npm run eval:answers` reports calibration on it.
 */
export const USE_MIXTURE = {
  answerable: 0.8,
  outOfCorpus: 0.15,
  nearMiss: 0.05,
} as const;

/**
 * A question as people type it on Discord: lower case, no question mark, and a leading "what
 * is the" (or was/are/were) dropped: "When did the Normans conquer England?" → "when did the
 * normans conquer england".
 */
export function terseVariant(question: string): string {
  return question
    .trim()
    .toLowerCase()
    .replace(/[?？]+\s*$/u, '')
    .replace(/^what (is|was|are|were) the\s+/u, '')
    .trim();
}

/**
 * A question reworded as people reword: about every second common word (a noun, verb, adjective
 * or adverb, never a name or number) swapped for the first synonym of its most frequent sense ("Who
 * founded the club?" → "Who established the club?"). The choice is fixed by the question's
 * text, so a run is repeatable. Synonyms come from the thesaurus the reader itself expands
 * questions with, so F1 on these variants flatters the reader; training on them teaches it how
 * far to trust a synonym's match, which SQuAD's word-copying questions never do.
 */
export function paraphraseVariant(question: string, synonyms: Thesaurus = thesaurus()): string {
  const a = analyseText(question);
  let out = '';
  let at = 0;
  a.tokens.forEach((t, i) => {
    const proper = t.pos === 'PROPN' || (i > 0 && /^\p{Lu}/u.test(t.text));
    if (proper || t.kind !== 'word' || isStopword(t.folded)) return;
    const choices = synonyms.closest(t.lemma, t.pos);
    const h = fnv1a(`${question}\u0000${i}`);
    if (!choices.length || h % 2 === 1) return;
    out += question.slice(at, t.start) + choices[0]!;
    at = t.end;
  });
  return out + question.slice(at);
}
