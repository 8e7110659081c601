/**
 * The right kind of span. When a question wants a time, an amount, a place or a person, and
 * the sentences read hold a span of that kind, a span of another kind is not offered at all: no
 * feature weight learned from SQuAD can then pick "July 31" for "Where was he killed?". These are
 * rules on kinds, the same in serving and training, so the span model learns among the
 * candidates it will really see.
 */
import type { SpanKind } from './candidates/index.js';
import type { QuestionView } from './features/question-view.js';
import type { QuestionType } from './types.js';

/** Span kinds that can answer a question of each type; what/why/how take any span. */
export const KINDS_FOR_TYPE: Readonly<Partial<Record<QuestionType, readonly SpanKind[]>>> = {
  who: ['person', 'org', 'name', 'role', 'orgdesc', 'appositive'],
  when: ['date', 'year', 'duration'],
  where: ['place', 'country', 'name', 'org', 'link'],
  how_much: ['money', 'percent', 'count', 'duration', 'quantity', 'year'],
};

/** Kinds that are times or amounts: never the answer to who or where. */
const NUMERIC: ReadonlySet<SpanKind> = new Set(['date', 'year', 'money', 'percent', 'count', 'duration', 'quantity']);
const TIMES: ReadonlySet<SpanKind> = new Set(['date', 'year']);
const AMOUNTS: ReadonlySet<SpanKind> = new Set(['money', 'percent', 'count', 'duration', 'quantity']);
/** Words of a how-much question that ask for a share rather than a sum of money. */
const SHARE_WORDS = /\b(percent(age)?|share|proportion|fraction|rate|%)\b/i;

export interface Kinded {
  kinds: readonly SpanKind[];
  /** Which passage the span is in, its text, and the span's character range there. */
  passage: number;
  text: string;
  start: number;
  end: number;
  /** The span's content words, when known: whether it names anything at all. */
  content?: ReadonlyArray<{ pos: string; text: string }>;
}

/** A span with a noun, a name or a number in it: "elected" alone names nobody. */
const names = (s: Kinded) => !s.content || s.content.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'NUM' || /^\p{Lu}/u.test(t.text));

/** `inner` lies inside the longer date `outer`, which adds only a day or a year to it: "July 31" in "July 31, 2022". */
function partOfDate(inner: Kinded, outer: Kinded): boolean {
  if (outer === inner || outer.passage !== inner.passage || outer.start > inner.start || inner.end > outer.end) return false;
  if (outer.end - outer.start === inner.end - inner.start) return false;
  if (inner.kinds.includes('year') && !inner.kinds.includes('date')) return true;
  const rest = outer.text.slice(outer.start, inner.start) + outer.text.slice(inner.end, outer.end);
  return !/\p{L}/u.test(rest);
}

/**
 * The spans a question of this type may be answered with:
 * - who, where: never a span that is a time or an amount, unless it is also a name or place;
 *   who never a bare adjective or verb ("elected") when a span that names something is read;
 * - when: only times, if any span read is one; and part of a full date ("2022" or "July 31" in
 *   "July 31, 2022") only when the question asks for a year;
 * - how much/many: only amounts, if any span read is one; for "how much money", a sum of money
 *   over a percentage unless the question speaks of a share; for how long, never a sum of money.
 */
export function admissible<T extends Kinded>(qv: QuestionView, spans: readonly T[]): T[] {
  const { type, shape } = qv.q;
  const any = (set: ReadonlySet<SpanKind>, s: Kinded) => s.kinds.some((k) => set.has(k));
  if (type === 'who' || type === 'where') {
    // Who is answered by a name or a noun phrase, where also by an adverb ("abroad", "upstream").
    const named = type === 'who' ? spans.filter(names) : spans;
    // A time or an amount found whole is one even when it is a noun phrase too ("6 months"); it
    // answers who or where only as a name or a place as well ("Havenstraat 27").
    const wanted = KINDS_FOR_TYPE[type]!;
    return (named.length ? named : spans).filter((s) => !s.kinds.some((k) => NUMERIC.has(k)) || s.kinds.some((k) => wanted.includes(k)));
  }
  if (type === 'when') {
    const times = spans.filter((s) => any(TIMES, s));
    if (!times.length) return [...spans];
    if (shape === 'year') return times;
    const dates = times.filter((s) => s.kinds.includes('date'));
    return times.filter((s) => !dates.some((d) => partOfDate(s, d)));
  }
  if (type === 'how_much') {
    // How long is never a price: "how long is the trial?" over a passage about its cost.
    const amounts = spans.filter((s) => any(AMOUNTS, s) && !(shape === 'duration' && s.kinds.every((k) => k === 'money')));
    if (!amounts.length) return [...spans];
    if (shape === 'money' && !SHARE_WORDS.test(qv.q.analysis.text)) {
      const money = amounts.filter((s) => s.kinds.includes('money'));
      if (money.length) return money;
    }
    return amounts;
  }
  return [...spans];
}

/**
 * Whether a span of these kinds is what the question asks for: a time for when, an amount for
 * how much/many. When none of the passages read holds one, the best span of another kind is
 * offered as "not sure" at most, never as the answer ("cozy relationship" for "when …?").
 */
export function fitsType(qv: QuestionView, kinds: readonly SpanKind[]): boolean {
  const { type } = qv.q;
  if (type === 'when') return kinds.some((k) => TIMES.has(k));
  if (type === 'how_much') return kinds.some((k) => AMOUNTS.has(k));
  return true;
}
