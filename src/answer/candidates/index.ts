/** The one entry point: extractors run in a fixed order, since coordinations and descriptions are built from the spans found before them. */
import type { TextAnalysis } from '../../nlp/analyse.js';
import type { Candidate, ExtractOptions, SpanKind } from './types.js';
import { names } from './names.js';
import { entitySpans, numbersAndDates } from './numbers.js';
import { phrases } from './phrases.js';
import { clauses } from './clauses.js';
import { links } from './links.js';
import { variants } from './variants.js';
import { coordinate, describe, expansions, publisher } from './relations.js';

export { SPAN_KINDS, type Candidate, type ExtractOptions, type SpanKind } from './types.js';

export function extractCandidates(a: TextAnalysis, opts: ExtractOptions, meta: { source?: string | null } = {}): Candidate[] {
  const out: Candidate[] = [];
  const toks = a.tokens;
  const push = (kind: SpanKind, first: number, last: number, extra: Partial<Candidate> = {}) => {
    if (last <= first) return;
    for (const key in extra) if (!CANDIDATE_FIELDS.has(key)) throw new Error(`candidate field ${key} is not in candidate(): add it there and to src/answer/candidates/stored.ts`);
    out.push(candidate(kind, first, last, extra.start ?? toks[first]!.start, extra.end ?? toks[last - 1]!.end, extra.sentence ?? toks[first]!.sentence, extra.anchor ?? first, extra.head ?? -1, extra));
  };

  for (const s of a.sentences) {
    names(a, s.first, s.last, opts, push);
    numbersAndDates(a, s.first, s.last, push);
    phrases(a, s.first, s.last, push);
    clauses(a, s.first, s.last, push);
    links(a, s.first, s.last, push);
  }
  entitySpans(a, push);
  expansions(a, push);
  coordinate(a, out, push);
  describe(a, out, push);
  variants(a, [...out], push);
  const source = publisher(a, meta.source, push);
  // Inside a headline's "- Publisher - date" tail only the publisher itself is an answer.
  const kept = source ? out.filter((c) => c.source || c.end <= source[0] || c.start >= source[1] || /date|year/.test(c.kind)) : out;
  return dedupe(wholeAddresses(kept));
}

/** An address is quoted whole or not at all: "form at [emberlight]" cut at a dot of "emberlight.gg/appeal" is no answer. */
function wholeAddresses(cands: Candidate[]): Candidate[] {
  const addresses = cands.filter((c) => c.kind === 'link');
  if (!addresses.length) return cands;
  const cuts = (c: Candidate, l: Candidate) => c.start < l.end && c.end > l.start && (c.start > l.start || c.end < l.end);
  return cands.filter((c) => c.kind === 'link' || !addresses.some((l) => cuts(c, l)));
}

/** Every field of a Candidate: the ones candidate() writes. */
const CANDIDATE_FIELDS = new Set(['kind', 'first', 'last', 'start', 'end', 'sentence', 'anchor', 'head', 'coordinated', 'expands', 'subject', 'source', 'possessiveCut']);

/**
 * A candidate with every field present, in one order, those it lacks undefined: every candidate,
 * extracted or read back from a snapshot, has the same hidden class, so the features that read
 * thousands of them an ask read one shape.
 */
export function candidate(kind: SpanKind, first: number, last: number, start: number, end: number, sentence: number, anchor: number, head: number, extra: Partial<Candidate> = {}): Candidate {
  return { kind, first, last, start, end, sentence, anchor, head, coordinated: extra.coordinated, expands: extra.expands, subject: extra.subject, source: extra.source, possessiveCut: extra.possessiveCut };
}

function dedupe(cands: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of cands) {
    const key = `${c.kind}:${c.start}:${c.end}:${c.anchor}`;
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}
