/**
 * The JSON Lines contract, in one place. The REPL's `--json` output, the Discord embed
 * and the tests all read these types.
 */

/**
 * Expected answer type. `which`/`what X` questions resolve to one of these by their head noun
 * ("which city" → where); `how long` and `how many` are `how_much`; `why` asks for a reason and
 * a bare `how` for a manner or means.
 */
export const QUESTION_TYPES = ['who', 'what', 'when', 'where', 'how_much', 'why', 'how'] as const;
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
  /** Present when asked for with `explain`: what the choice rested on. */
  why?: Explanation;
}

/** The reader's reasons, for `:why` in the REPL and `--explain` in JSON. */
export interface Explanation {
  /** Probability of the chosen answer (its copies summed) and of "no answer", before calibration. */
  probability: number;
  noAnswer: number;
  /** Candidates weighed. */
  candidates: number;
  /** Where the answer's passage ranked after re-ranking and by BM25 alone. */
  passage: { rank: number; bm25Rank: number } | null;
  /** The span kind of the answer. */
  kind: string | null;
  /** The largest signed contributions to the answer's score, and to "no answer"'s. */
  features: Array<{ feature: string; value: number; contribution: number }>;
  noAnswerFeatures: Array<{ feature: string; value: number; contribution: number }>;
  /** The next best candidates. */
  runnersUp: Array<{ text: string; probability: number }>;
}

export interface AskOptions {
  /** Fixes the expected answer type (e.g. `/when zawahiri killed`). */
  type?: QuestionType;
  /** Maximum citations returned (default 3). */
  maxCitations?: number;
  /** Adds `why`: the features behind the choice. */
  explain?: boolean;
}
