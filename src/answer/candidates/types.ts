/** What the extractors hand the ranker, in one place so neither side depends on the other's code. */

/**
 * Kinds of span a passage can offer; the features decide how well each fits a question, with one
 * column per kind made from this list. "appositive" is a description of a name ("Schindler, [the
 * senior director of …]"); "clause" a reason or means ("[because the mines pay]"); "link" a web or
 * email address or a channel ("emberlight.gg/appeal", "#bug-reports"), where a community's
 * documents send people.
 */
export const SPAN_KINDS = [
  'person', 'org', 'role', 'orgdesc', 'name', 'place', 'country', 'date', 'year', 'money', 'percent', 'count', 'duration', 'quantity',
  'expansion', 'title', 'phrase', 'list', 'appositive', 'clause', 'link',
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** A field added here must be written by candidate() (index.ts) and stored too (stored.ts): the snapshot keeps every passage's candidates. */
export interface Candidate {
  kind: SpanKind;
  /** Token range [first, last) inside the passage analysis. */
  first: number;
  last: number;
  /** Character range of the answer inside the passage text (verbatim). */
  start: number;
  end: number;
  sentence: number;
  /** Token index that stands for the candidate when measuring distance (a pronoun for coreference). */
  anchor: number;
  /** Head token (last noun) for unit matching, or -1. */
  head: number;
  /** Set for "X and Y" spans built from two names. */
  coordinated?: boolean;
  /** The acronym an expansion spells out. */
  expands?: string;
  /** Token range [first, last) of the name a description describes. */
  subject?: [number, number];
  /** The span is the passage's own publisher, written into a headline ("… - AP News - date"). */
  source?: boolean;
  /**
   * The end cuts a lost apostrophe's possessive "s" off the last word ("Sirajuddin [Haqqani]s Kabul
   * faction", where the corpus also writes "Haqqani" alone): widening the span to whole words must
   * not put the "s" back.
   */
  possessiveCut?: boolean;
}

export interface ExtractOptions {
  /** Vocabulary check for trimming possessive "s" ("Haqqanis" → "Haqqani"). */
  knownWord(folded: string): boolean;
  /** Whether the corpus ever writes this word in lower case: in Title Case headlines that marks a common word. */
  seenLowercase(folded: string): boolean;
  /** Whether the corpus ever writes this word capitalised other than at the start of a sentence, line or clause: a capital there is a name's. */
  capitalisedInside(folded: string): boolean;
}

export type Push = (kind: SpanKind, first: number, last: number, extra?: Partial<Candidate>) => void;
