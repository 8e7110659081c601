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
