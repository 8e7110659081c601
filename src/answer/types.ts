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
  /**
   * 0..1: the chance that the answer (or the suggestion) is exactly right, calibrated on a
   * mixture of questions that looks like use. An answer needs the corpus to hold one and this
   * confidence to reach the threshold; otherwise `answer` is null.
   */
  confidence: number;
  /** citations[0] is the passage the answer came from; when answer is null these are related reading. */
  citations: Citation[];
  /** Time spent answering, in milliseconds. */
  ms: number;
  /** Why there is no answer (human-readable), when answer is null: "not sure", "not found in the corpus", … */
  reason?: string;
  /**
   * When the reader is not sure (confidence between the suggestion floor and the answer
   * threshold): the likely answer, marked in its passage, offered for the asker to judge. `answer`
   * stays null, so a script that reads only `answer` never takes a guess for an answer.
   */
  suggestion?: Suggestion;
  /** Set when the question itself was rejected (empty, too long, …). */
  error?: string;
  /** Present when asked for with `explain`: what the choice rested on. */
  why?: Explanation;
}

export interface Suggestion {
  text: string;
  confidence: number;
  /** The passage it comes from, with the span highlighted (also citations[0]). */
  citation: Citation;
}

/** The reader's reasons, for `:why` in the REPL and `--explain` in JSON. */
export interface Explanation {
  /** The span model's probability of the chosen answer (its copies summed), and the holds model's probability that the corpus has no answer; both before calibration. */
  probability: number;
  noAnswer: number;
  /** Candidates weighed. */
  candidates: number;
  /** Where the answer's passage ranked after re-ranking and by BM25 alone. */
  passage: { rank: number; bm25Rank: number } | null;
  /** The span kind of the answer, and whether it is of the kind the question asks for (a time for when, an amount for how much). */
  kind: string | null;
  fitsType: boolean;
  /** The largest signed contributions to the answer's score, and to the holds model's (positive: the corpus holds an answer). */
  features: Array<{ feature: string; value: number; contribution: number }>;
  noAnswerFeatures: Array<{ feature: string; value: number; contribution: number }>;
  /** The next best candidates. */
  runnersUp: Array<{ text: string; probability: number }>;
}

/** How to answer; what to answer (the question and any fixed type) is the gate's `Question`. */
export interface AskOptions {
  /** Maximum citations returned (default 3). */
  maxCitations?: number;
  /** Adds `why`: the features behind the choice. */
  explain?: boolean;
}
