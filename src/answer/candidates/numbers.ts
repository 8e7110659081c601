/** Dates, amounts and durations answer when- and how-much questions, and are found by number patterns rather than by capitals. */
import type { TextAnalysis, Token } from '../../nlp/analyse.js';
import { DATE_MODIFIERS, MONTHS, WEEKDAYS, NUMBER_WORDS, SCALE_WORDS, UNIT_POWERS, UNIT_SYMBOLS, UNIT_WORDS } from '../../nlp/lexicon.js';
import type { Push, SpanKind } from './types.js';
import { isCap } from './words.js';

/** A year as written in full, 1000–2099: "1709", "2022". */
const YEAR = /^(1\d|20)\d\d$/;
const TIME_UNITS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'decade', 'century']);
/** The day of a date, before or after its month: "[14] March", "March [14th]". */
const DAY = /^\d{1,2}(st|nd|rd|th)?$/;
/** A date written in figures: "2024-10-31", "31/10/2024", "10.31.24". */
const NUMERIC_DATE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.](\d{2}|\d{4}))$/;
/** Words that join the two ends of a range of dates: "14 March [to] 16 March". */
const RANGE_WORDS = new Set(['to', 'until', 'till', 'through', 'thru', '-', '–', '—']);
/** Words that make a weekday recur: "[every] Thursday", "the first Tuesday of [each] month". */
const RECURRING = new Set(['every', 'each']);
const NTH = new Set(['first', 'second', 'third', 'fourth', 'last']);
const isWeekday = (t: Token | undefined) => !!t && WEEKDAYS.has(t.folded) && isCap(t);
/** A month name that is one: capitalised, and "May" only with a day before or after it ("14 May", "May 14"). */
function isMonth(toks: readonly Token[], i: number): boolean {
  const t = toks[i];
  if (!t || !MONTHS.has(t.folded) || !isCap(t)) return false;
  return t.folded !== 'may' || DAY.test(toks[i - 1]?.text ?? '') || DAY.test(toks[i + 1]?.text ?? '');
}

/** Where a date starting at i begins once its weekday is taken in: "[Friday] 14 March", "[Friday,] March 14". */
function dateStart(toks: readonly Token[], i: number, first: number): number {
  if (i - 1 >= first && isWeekday(toks[i - 1])) return i - 1;
  if (i - 2 >= first && toks[i - 1]!.text === ',' && isWeekday(toks[i - 2])) return i - 2;
  return i;
}

/** Where a date whose month is at m ends: after its day ("March 14th"), and its year ("14 March 2025", "March 14, 2025"). */
function dateEnd(toks: readonly Token[], m: number, last: number, dayFirst: boolean): number {
  let j = m + 1;
  if (!dayFirst && j < last && DAY.test(toks[j]!.text)) j++;
  const comma = j < last && toks[j]!.text === ',' ? 1 : 0;
  return j + comma < last && YEAR.test(toks[j + comma]!.text) ? j + comma + 1 : j;
}

/** A day-first or month-first date starting exactly at i (its weekday included): where its month is, or null. */
function dateAt(toks: readonly Token[], i: number, last: number): { month: number; dayFirst: boolean } | null {
  let k = i;
  if (isWeekday(toks[k])) k += toks[k + 1]?.text === ',' ? 2 : 1;
  if (k < last && DAY.test(toks[k]!.text) && isMonth(toks, k + 1)) return { month: k + 1, dayFirst: true };
  if (k < last && isMonth(toks, k)) return { month: k, dayFirst: false };
  return null;
}

function isNumberish(t: Token): boolean {
  return t.kind === 'number' || NUMBER_WORDS.has(t.folded) || /^\d/.test(t.text);
}

/**
 * A number word that counts nothing: the first part of a compound ("a [one]-time payment",
 * "[two]-thirds"), or "one of" them. Digits are left alone: "48-hour" is a duration.
 */
function countsNothing(toks: readonly Token[], i: number): boolean {
  const t = toks[i]!;
  const next = toks[i + 1];
  if (!NUMBER_WORDS.has(t.folded) || !next) return false;
  return (next.text === '-' && !next.spaced) || (t.folded === 'one' && next.folded === 'of');
}

const isUnit = (t: Token | undefined) => !!t && (UNIT_SYMBOLS.has(t.text) || UNIT_WORDS.has(t.folded));

/** Where the unit after an amount ends ("25 [MB]", "32 [° C]", "136,000 [square kilometres]"), or -1. */
function unitEnd(toks: readonly Token[], j: number, last: number): number {
  const t = toks[j];
  if (!t || j >= last) return -1;
  if (t.text === '°') return j + 1 < last && /^[CFK]$/.test(toks[j + 1]!.text) ? j + 2 : j + 1;
  if (UNIT_POWERS.has(t.folded) && j + 1 < last && isUnit(toks[j + 1])) return j + 2;
  return isUnit(t) ? j + 1 : -1;
}

/** Where a bare number reads as a year before 1000: "in [911]", "[44] BC", "AD [122]" (not "in 300 cases"). */
const YEAR_PREPS = new Set(['in', 'since', 'until', 'till', 'by', 'from', 'around', 'circa', 'c.', 'before', 'after']);
const ERAS = new Set(['BC', 'BCE', 'AD', 'CE']);
function earlyYear(toks: readonly Token[], i: number): boolean {
  const t = toks[i]!;
  if (!/^[1-9]\d{0,3}$/.test(t.text)) return false;
  const prev = toks[i - 1];
  const next = toks[i + 1];
  if (ERAS.has(next?.text ?? '') || prev?.text === 'AD') return true;
  if (!/^[1-9]\d{2}$/.test(t.text) || !prev || !YEAR_PREPS.has(prev.folded)) return false;
  return !next || next.pos === 'PUNCT' || next.pos === 'CCONJ';
}

/** A time of day ("06:00", "9am", "7 pm"), as one token or with its am/pm after it. */
const CLOCK = /^\d{1,2}:\d{2}(:\d{2})?([ap]\.?m\.?)?$|^\d{1,2}[ap]\.?m\.?$/i;
const MERIDIEM = /^[ap]\.?m\.?$/i;
const TIME_ZONES = new Set(['UTC', 'GMT', 'CET', 'CEST', 'EET', 'BST', 'IST', 'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'AEST', 'AEDT', 'JST']);

/** Where the time of day starting at i ends, its am/pm and zone included ("[14:00 UTC]", "[7 pm]"), or -1. */
function clockEnd(toks: readonly Token[], i: number, last: number): number {
  const t = toks[i];
  if (!t || i >= last) return -1;
  let j: number;
  if (CLOCK.test(t.text)) j = i + 1;
  else if (/^\d{1,2}$/.test(t.text) && MERIDIEM.test(toks[i + 1]?.text ?? '')) j = i + 2;
  else return -1;
  if (j < last && MERIDIEM.test(toks[j]!.text) && !/[ap]\.?m\.?$/i.test(t.text)) j++;
  if (j < last && TIME_ZONES.has(toks[j]!.text)) j++;
  return Math.min(j, last);
}

/** "until 5pm." arrives as one token with the sentence's full stop: the time ends before it ("5 p.m." keeps its own). */
const beforeFullStop = (last: Token): { end?: number } => (/\d[ap]m\.$/i.test(last.text) ? { end: last.end - 1 } : {});

/** "30%–50%", "20 to 30 km": where a range from the amount ending at j ends, and whether a unit closes it; null if none. */
function rangeEnd(toks: readonly Token[], j: number, last: number): { end: number; unit: boolean } | null {
  const dash = toks[j];
  if (!dash || j + 1 >= last || !(/^[-–—]$/.test(dash.text) || dash.folded === 'to') || !isNumberish(toks[j + 1]!)) return null;
  let k = j + 2;
  while (k < last && SCALE_WORDS.has(toks[k]!.folded)) k++;
  if (toks[k]?.text === '%') return { end: k + 1, unit: false };
  const unit = unitEnd(toks, k, last);
  return unit > 0 ? { end: unit, unit: true } : { end: k, unit: false };
}

export function numbersAndDates(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  for (let i = first; i < last; i++) {
    const t = toks[i]!;
    // "between 1702 and 1709": the years together are the span asked for.
    if (toks[i - 1]?.folded === 'between' && YEAR.test(t.text) && toks[i + 1]?.folded === 'and' && YEAR.test(toks[i + 2]?.text ?? '')) push('year', i, i + 3);
    // Year ranges arrive as one number token: "1996-2001".
    if (/^(1\d|20)\d\d[-–](\d\d|(1\d|20)\d\d)$/.test(t.text)) push('year', i, i + 1);
    // Season/part of year: "early 2022", "mid-2019".
    if (DATE_MODIFIERS.has(t.folded) && toks[i + 1] && YEAR.test(toks[i + 1]!.text)) push('date', i, i + 2);
    // Month + year or month alone ("August 2021", "In February"), with its day and weekday when
    // written ("Friday 14 March 2025", "Friday, March 14"), and a range to a second date.
    if (isMonth(toks, i)) {
      const dayFirst = i - 1 >= first && DAY.test(toks[i - 1]!.text);
      const start = dateStart(toks, dayFirst ? i - 1 : i, first);
      const j = dateEnd(toks, i, last, dayFirst);
      push('date', start, j);
      const withYear = YEAR.test(toks[j - 1]!.text);
      const day = dayFirst ? i - 1 : DAY.test(toks[i + 1]?.text ?? '') ? i + 1 : -1;
      // Without its year too ("July 31" of "July 31, 2022"), and a month-first month alone as before.
      if (withYear && day >= 0) push('date', start, dayFirst ? i + 1 : i + 2);
      if (!dayFirst && !withYear) push('date', i, i + 1);
      // "14 March to Sunday 16 March 2025": the range ends where the second date does.
      if (j < last && RANGE_WORDS.has(toks[j]!.folded)) {
        const to = dateAt(toks, j + 1, last);
        if (to) push('date', start, dateEnd(toks, to.month, last, to.dayFirst));
      }
    }
    // A weekday that recurs: "every Thursday", "the first Tuesday of every month".
    if (RECURRING.has(t.folded) && isWeekday(toks[i + 1])) push('date', i, i + 2);
    if (NTH.has(t.folded) && isWeekday(toks[i + 1]) && toks[i + 2]?.folded === 'of' && RECURRING.has(toks[i + 3]?.folded ?? '') && /^(month|week|year)$/.test(toks[i + 4]?.folded ?? '')) push('date', i, i + 5);
    // "since June 2021", "since 2019": how long, counted from a date.
    if (t.folded === 'since' && i + 1 < last) {
      const from = dateAt(toks, i + 1, last);
      const end = from ? dateEnd(toks, from.month, last, from.dayFirst) : YEAR.test(toks[i + 1]!.text) ? i + 2 : -1;
      if (end > 0) push('duration', i, end);
    }
    if (NUMERIC_DATE.test(t.text)) {
      push('date', i, i + 1);
      continue;
    }
    // Rough quantities: "tens of thousands", "hundreds of millions".
    if (/^(tens|hundreds|thousands|millions|dozens|billions)$/.test(t.folded) && toks[i + 1]?.folded === 'of' && toks[i + 2] && /^(thousands|millions|billions)$/.test(toks[i + 2]!.folded)) {
      // "tens of millions of dollars" is money.
      const currency = toks[i + 3]?.folded === 'of' && /^(dollars|euros|pounds|rupees|yuan|yen|afghanis)$/.test(toks[i + 4]?.folded ?? '');
      if (currency) push('money', i, i + 5, { head: -1 });
      else push('count', i, i + 3, { head: nextNoun(toks, i + 3, last) });
    }
    if (isNumberish(t) && t.pos !== 'PROPN' && !countsNothing(toks, i)) {
      // A number with its scale and unit: "$194.4 million", "25 percent", "11 gold mines", "seven".
      let s = i;
      if (toks[s - 1] && (toks[s - 1]!.kind === 'currency' || toks[s - 1]!.text === '$')) s--;
      if (s > first && !toks[s - 1]!.text.match(/^(more|less|over|under|about|nearly|almost)$/i) && isNumberish(toks[s - 1]!) && s !== i) continue;
      if (i > first && isNumberish(toks[i - 1]!) && toks[i - 1]!.pos !== 'PROPN' && s === i) continue;
      // A time of day is a time, not a count, and so is a range of them: "from [19:00 to 22:00]".
      const clock = s === i ? clockEnd(toks, i, last) : -1;
      if (clock > 0) {
        push('date', i, clock, beforeFullStop(toks[clock - 1]!));
        const to = toks[clock];
        const until = to && (/^[-–—]$/.test(to.text) || /^(to|until|till)$/.test(to.folded)) ? clockEnd(toks, clock + 1, last) : -1;
        if (until > 0) push('date', i, until, beforeFullStop(toks[until - 1]!));
        continue;
      }
      let j = i + 1;
      while (j < last && (SCALE_WORDS.has(toks[j]!.folded) || (isNumberish(toks[j]!) && toks[j]!.kind !== 'number'))) j++;
      if (toks[j]?.text === '%') j++;
      const money = toks[s]!.text === '$' || toks[s]!.kind === 'currency' || /^(dollars?|euros?|pounds?|rupees?|yuan|yen)$/.test(toks[j]?.folded ?? '');
      const percent = toks.slice(i, j).some((x) => /^(percent|%|per)$/.test(x.folded));
      const year = j === i + 1 && (YEAR.test(t.text) || /^\d{2,4}0s$/.test(t.text) || earlyYear(toks, i));
      // The day of a date ("October 17th, 2025", "14 March") counts nothing.
      if (t.kind === 'ordinal' && MONTHS.has(toks[i - 1]?.folded ?? '')) continue;
      if (j === i + 1 && DAY.test(t.text) && (isMonth(toks, i + 1) || isMonth(toks, i - 1))) continue;
      // "48-hour", "36 - hour", "two weeks": a number of time units is a duration.
      const hyphened = toks[j]?.text === '-' && !toks[j]!.spaced && TIME_UNITS.has(toks[j + 1]?.lemma ?? '');
      const unit = /-(hours?|days?|weeks?|months?|years?|minutes?)$/i.test(t.text) ? j : hyphened ? j + 2 : TIME_UNITS.has(toks[j]?.lemma ?? '') ? j + 1 : -1;
      const kind: SpanKind = money ? 'money' : percent ? 'percent' : year ? 'year' : unit >= 0 ? 'duration' : 'count';
      const end = unit > j ? unit : j;
      push(kind, s, end, { head: nextNoun(toks, j, last) });
      // A measured amount: the number with its unit, beside the bare number ("[25 MB] per file").
      const measured = kind === 'count' ? unitEnd(toks, j, last) : -1;
      if (measured > 0) push('quantity', s, measured, { head: -1 });
      const range = kind === 'year' ? null : rangeEnd(toks, measured > 0 ? measured : end, last);
      if (range) push(kind === 'count' && (measured > 0 || range.unit) ? 'quantity' : kind, s, range.end, { head: -1 });
    }
  }
}

export function nextNoun(toks: Token[], from: number, limit: number): number {
  // "tens of thousands [of] workers": the counted thing follows an "of".
  if (toks[from]?.folded === 'of') {
    from++;
    limit++;
  }
  const last = Math.min(limit, toks.length);
  for (let k = from; k < Math.min(last, from + 4); k++) {
    const t = toks[k]!;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') {
      // Take the last noun of a compound: "gold mines" → mines.
      let h = k;
      while (h + 1 < last && (toks[h + 1]!.pos === 'NOUN' || toks[h + 1]!.pos === 'PROPN')) h++;
      return h;
    }
    if (!(t.pos === 'ADJ' || t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'PUNCT' && t.text === '-')) break;
  }
  return -1;
}

/**
 * wink's DURATION covers "since 2019" and "36 - hour", but also a range of dates it cut short
 * ("14 March to Sunday"), which stays a date; "month" alone says no how long.
 */
function durationKind(toks: readonly Token[], first: number, last: number): SpanKind | null {
  const span = toks.slice(first, last);
  if (toks[first]!.folded !== 'since' && span.some((t) => MONTHS.has(t.folded) || WEEKDAYS.has(t.folded))) return 'date';
  return span.some((t) => /\d/.test(t.text) || NUMBER_WORDS.has(t.folded)) ? 'duration' : null;
}

/** wink's own entities cover dates ("July 31, 2022") and amounts the rules above may miss. */
export function entitySpans(a: TextAnalysis, push: Push): void {
  const toks = a.tokens;
  for (const e of a.entities) {
    const kind: SpanKind | null =
      e.type === 'DATE' || e.type === 'TIME' ? (e.last - e.first === 1 && YEAR.test(toks[e.first]!.text) ? 'year' : 'date')
      : e.type === 'DURATION' ? durationKind(toks, e.first, e.last)
      : e.type === 'MONEY' ? 'money'
      : e.type === 'PERCENT' ? 'percent'
      : e.type === 'CARDINAL' ? (e.last - e.first === 1 && YEAR.test(toks[e.first]!.text) ? 'year' : 'count')
      : e.type === 'HYPHEN_NAME' ? 'name'
      : null;
    if (!kind) continue;
    if (toks[e.first]!.sentence !== toks[e.last - 1]!.sentence) continue;
    if (e.last - e.first === 1 && countsNothing(toks, e.first)) continue;
    // wink's patterns ignore spacing; "Turkey - kurdistan24.net" is a headline separator, not a name.
    if (e.type === 'HYPHEN_NAME' && toks.slice(e.first + 1, e.last).some((t, k, arr) => t.text === '-' && (t.spaced || arr[k + 1]?.spaced))) continue;
    // "days", "years" alone are durations without a date in them.
    if (kind === 'date' && !toks.slice(e.first, e.last).some((t) => /\d/.test(t.text) || MONTHS.has(t.folded) || DATE_MODIFIERS.has(t.folded) || WEEKDAYS.has(t.folded))) continue;
    push(kind, e.first, e.last, kind === 'count' || kind === 'money' ? { head: nextNoun(toks, e.last, a.sentences[toks[e.first]!.sentence]!.last) } : beforeFullStop(toks[e.last - 1]!));
  }
}
