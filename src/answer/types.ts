/**
 * The JSON Lines contract, in one place. The REPL's `--json` output, the Discord embed
 * and the tests all read these types.
 */

/** Expected answer type. `which`/`what X` questions resolve to one of these by their head noun. */
export const QUESTION_TYPES = ['who', 'what', 'when', 'where', 'how_much'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Citation {
  /** `${doc}#${paragraph}` */
  id: string;
  doc: string;
  title: string;
  source: string | null;
  date: string | null;
  /** 1-based paragraph number. */
  passage: number;
  /** Verbatim passage text. */
  text: string;
  /** [start, end) character offsets of the answer inside `text`; null for related-reading citations. */
  highlight: [number, number] | null;
}

export interface Answer {
  question: string;
  type: QuestionType;
  /** Short extracted answer, or null when the corpus does not hold one. */
  answer: string | null;
  /** 0..1; below the engine's threshold the answer is null. */
  confidence: number;
  /** citations[0] is the passage the answer came from; when answer is null these are related reading. */
  citations: Citation[];
  /** Time spent answering, in milliseconds. */
  ms: number;
  /** Why there is no answer (human-readable), when answer is null. */
  reason?: string;
  /** Set when the question itself was rejected (empty, too long, …). */
  error?: string;
}

export interface AskOptions {
  /** Fixes the expected answer type (e.g. `/when zawahiri killed`). */
  type?: QuestionType;
  /** Maximum citations returned (default 3). */
  maxCitations?: number;
}
