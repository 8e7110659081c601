import { isTitleCase, type TextAnalysis, type Token } from '../nlp/analyse.js';
import { STOPWORDS } from '../nlp/terms.js';
import { isKnownPlace } from '../nlp/places.js';
import { lexiconEntry } from '../nlp/wink.js';
import { DATE_MODIFIERS, MONTHS, WEEKDAYS, NUMBER_WORDS, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS, SCALE_WORDS } from '../nlp/lexicon.js';
import type { AnswerShape } from './question.js';

/** Kinds of span a passage can offer; rank.ts decides how well each fits a question. */
export type SpanKind =
  | 'person'
  | 'org'
  | 'role'
  | 'orgdesc'
  | 'name'
  | 'place'
  | 'country'
  | 'date'
  | 'year'
  | 'money'
  | 'percent'
  | 'count'
  | 'duration'
  | 'quantity'
  | 'expansion'
  | 'title'
  | 'phrase'
  | 'list'
  /** A description of a name: "Schindler, [the senior director of …]", "X is [a …]". */
  | 'appositive';

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
}

const CONNECTORS = new Set(['of', 'for', 'de', 'del', 'da', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'bin', 'ibn', 'al', 'el', 'and', 'the', 'in', 'on', 'under', 'to']);
const NAME_PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'abu', 'van', 'von', 'de', 'da', 'di', 'la', 'le', 'du', 'der', 'den']);
const PLACE_PREPS = new Set(['in', 'at', 'from', 'near', 'into', 'across', 'throughout', 'inside', 'outside', 'to']);
const SUBJECT_PRONOUNS = new Set(['he', 'she']);
const PLURAL_NAMES = /^(states|times|news|nations|islands|emirates|affairs|forces|services|games|olympics|netherlands|philippines|reuters|bahamas|maldives|seychelles|andes|alps|rockies|americas|series|species|works|arts|sciences|studies|relations|rights)$/i;
const PP_HEADS = new Set(['of', 'by', 'for', 'against', 'on', 'over', 'with', 'from']);
const TIME_UNITS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'decade', 'century']);
const QUANTIFIER_NOUNS = new Set(['number', 'lot', 'kind', 'type', 'variety', 'range', 'list', 'series', 'set', 'host', 'handful', 'majority', 'share', 'part', 'portion', 'amount', 'couple', 'pair', 'dozen', 'group']);
const OPEN_QUOTES = new Set(['"', '“', '«']);
const CLOSE_QUOTES = new Set(['"', '”', '»']);
const TITLE_TRIGGERS = new Set(['titled', 'entitled', 'called', 'named', 'dubbed']);

const isCap = (t: Token) => /^\p{Lu}/u.test(t.text) || /^\p{Lu}/u.test(t.text.replace(/^(al|el|bin|ibn)$/i, 'X'));
const isWordy = (t: Token) => /[\p{L}\p{N}]/u.test(t.text);

/** Whether token i is glued to its neighbour by a hyphen with no spaces ("al-Zawahiri"). */
function hyphenGlued(toks: Token[], i: number): boolean {
  const h = toks[i];
  return !!h && (h.text === '-' || h.text === '‐') && !h.spaced && !!toks[i + 1] && !toks[i + 1]!.spaced;
}

function nameLikeBase(toks: Token[], i: number, sentenceFirst: number, titleNames?: ReadonlySet<number>): boolean {
  const t = toks[i]!;
  if (t.kind !== 'word' || !isCap(t)) return false;
  // In Title Case text capitals say nothing: the sentence's names were worked out separately.
  if (titleNames) return titleNames.has(i);
  // Shouted common words ("issues BIG warning") are emphasis, not names.
  if (/^[A-Z]{3,}$/.test(t.text) && t.lexical && /^(ADJ|ADV|VERB)$/.test(lexiconEntry(t.text).pos)) return false;
  // A capital at sentence start only marks a name when the tagger says so, and not for
  // function words it mistags ("Much as it did …").
  if (i === sentenceFirst) return t.pos === 'PROPN' && !STOPWORDS.has(t.folded);
  if (t.pos === 'PROPN') return true;
  return t.pos === 'NOUN' || t.pos === 'ADJ' || t.pos === 'VERB' || t.pos === 'X';
}

/**
 * Names in a Title Case headline. Re-tagged in lower case, names stay proper nouns and common
 * words do not; words the lexicon lacks (Taliban, KabulNow), short acronyms (UN) and known
 * places are names either way. A noun the corpus never writes in lower case joins a name it
 * stands next to ("Amir Khan Muttaqi"), since many given names are also words.
 */
function titleCaseNames(toks: Token[], first: number, last: number, opts: ExtractOptions): Set<number> {
  const names = new Set<number>();
  for (let i = first; i < last; i++) {
    const t = toks[i]!;
    if (t.kind !== 'word' || !isCap(t)) continue;
    // The tagger's lower-case verdict wins even for words the corpus also writes in lower case ("New York").
    if (t.plainPos === 'PROPN' || isKnownPlace(t.text)) names.add(i);
    if (opts.seenLowercase(t.folded)) continue;
    const acronym = /^[A-Z]{2,4}$/.test(t.text) && (t.plainPos === 'NOUN' || t.plainPos === 'PROPN');
    if (!t.lexical || acronym) names.add(i);
  }
  for (let pass = 0; pass < 2; pass++) {
    for (let i = first; i < last; i++) {
      const t = toks[i]!;
      if (names.has(i) || t.kind !== 'word' || !isCap(t) || t.plainPos !== 'NOUN' || opts.seenLowercase(t.folded)) continue;
      if (names.has(i - 1) || names.has(i + 1)) names.add(i);
    }
  }
  return names;
}

export interface ExtractOptions {
  /** Vocabulary check for trimming possessive "s" ("Haqqanis" → "Haqqani"). */
  knownWord(folded: string): boolean;
  /** Whether the corpus ever writes this word in lower case: in Title Case headlines that marks a common word. */
  seenLowercase(folded: string): boolean;
}

export function extractCandidates(a: TextAnalysis, opts: ExtractOptions, meta: { source?: string | null } = {}): Candidate[] {
  const out: Candidate[] = [];
  const toks = a.tokens;
  const push = (kind: SpanKind, first: number, last: number, extra: Partial<Candidate> = {}) => {
    if (last <= first) return;
    const start = extra.start ?? toks[first]!.start;
    const end = extra.end ?? toks[last - 1]!.end;
    out.push({ kind, first, last, start, end, sentence: toks[first]!.sentence, anchor: first, head: -1, ...extra });
  };

  for (const s of a.sentences) {
    names(a, s.first, s.last, opts, push);
    numbersAndDates(a, s.first, s.last, push);
    phrases(a, s.first, s.last, push);
  }
  entitySpans(a, push);
  expansions(a, push);
  coordinate(a, out, push);
  describe(a, out, push);
  const source = publisher(a, meta.source, push);
  // Inside a headline's "- Publisher - date" tail only the publisher itself is an answer.
  return dedupe(source ? out.filter((c) => c.source || c.end <= source[0] || c.start >= source[1] || /date|year/.test(c.kind)) : out);
}

type Push = (kind: SpanKind, first: number, last: number, extra?: Partial<Candidate>) => void;

function names(a: TextAnalysis, first: number, last: number, opts: ExtractOptions, push: Push): void {
  const toks = a.tokens;
  const titleNames = isTitleCase(toks, first, last) ? titleCaseNames(toks, first, last, opts) : undefined;
  const nameLike = (ts: Token[], i: number, f: number) => nameLikeBase(ts, i, f, titleNames);
  let i = first;
  while (i < last) {
    if (!nameLike(toks, i, first) && !(NAME_PARTICLES.has(toks[i]!.folded) && hyphenGlued(toks, i + 1))) {
      i++;
      continue;
    }
    let j = i + 1;
    for (;;) {
      if (j < last && hyphenGlued(toks, j)) {
        j += 2;
        continue;
      }
      if (j < last && nameLike(toks, j, first)) {
        j++;
        continue;
      }
      if (j + 2 < last && NAME_PARTICLES.has(toks[j]!.folded) && hyphenGlued(toks, j + 1)) {
        j += 3;
        continue;
      }
      // Connectors join two capitalised parts: "Directorate of Intelligence", "bin Laden".
      if (j + 1 < last && CONNECTORS.has(toks[j]!.folded) && toks[j]!.text === toks[j]!.folded && nameLike(toks, j + 1, first) && toks[j]!.folded !== 'and') {
        j += 2;
        continue;
      }
      break;
    }
    // A name never starts with a determiner-like capital such as "The".
    let s = i;
    while (s < j && /^(the|a|an|this|that|these|those|its|his|her|their)$/i.test(toks[s]!.text)) s++;
    // "Berlin- and New York-based", "London-based": a name glued to a lower-case word is a modifier.
    const after = toks[j];
    const modifier = after && (after.text === '-' || after.text === '‐') && !after.spaced && (toks[j + 1]?.spaced || /^\p{Ll}/u.test(toks[j + 1]?.text ?? ''));
    const glued = toks.slice(s, j).some((t, k, arr) => t.text === '-' && k + 1 < arr.length && /^\p{Ll}/u.test(arr[k + 1]!.text) && !NAME_PARTICLES.has(arr[k + 1]!.folded) && arr[k + 1]!.text.length > 2);
    const prevTok = toks[s - 1];
    // Such modifiers still say where something is: "a London-based firm" is in London.
    if (s < j && (modifier || glued)) {
      const dash = toks.slice(s, j).findIndex((t) => t.text === '-' || t.text === '‐');
      const end = modifier ? j : s + dash;
      if (end > s) push('place', s, end);
    }
    // Capitalised adjectives alone ("Western", "Pakistani", "BIG") are not names.
    const adjectivesOnly = toks.slice(s, j).every((t) => t.pos === 'ADJ' || t.text === '-');
    if (s < j && !modifier && !glued && !adjectivesOnly) {
      // Titles after "titled" are read whole by phrases(); a name run would cut them at "and".
      if (!(prevTok && TITLE_TRIGGERS.has(prevTok.folded))) emitName(a, s, j, opts, push);
    }
    i = j;
  }
}

function emitName(a: TextAnalysis, first: number, last: number, opts: ExtractOptions, push: Push, depth = 0): void {
  const toks = a.tokens;
  // Trailing connectors are not part of a name.
  while (last > first && CONNECTORS.has(toks[last - 1]!.folded) && toks[last - 1]!.text === toks[last - 1]!.folded) last--;
  while (first < last && (CONNECTORS.has(toks[first]!.folded) && !NAME_PARTICLES.has(toks[first]!.folded) || toks[first]!.text === '-')) first++;
  if (last <= first) return;
  const words = toks.slice(first, last);
  const lastTok = toks[last - 1]!;
  const next = toks[last];
  let end = lastTok.end;
  if (possessiveS(lastTok, next, opts)) end -= 1;
  const folded = words.map((t) => t.folded);
  const prev = toks[first - 1];
  let kind: SpanKind = 'name';
  const text = a.text.slice(toks[first]!.start, end);
  if (isKnownPlace(text)) kind = 'country';
  else if (folded.some((w) => ORG_NOUNS.has(w))) kind = 'org';
  else if (folded.some((w) => PLACE_NOUNS.has(w)) || (next && (PLACE_NOUNS.has(next.folded) || PLACE_NOUNS.has(next.lemma)) && next.pos === 'NOUN')) kind = 'place';
  else if (words.every((t) => MONTHS.has(t.folded))) return;
  else if (prev && PLACE_PREPS.has(prev.folded) && words.length <= 3) kind = 'place';
  const head = next && next.pos === 'NOUN' && next.kind === 'word' ? nextNoun(toks, last, last + 3) : -1;
  push(kind, first, last, { end, head });
  // "the Biden administration", "the Haqqani network": a name naming an organisation noun.
  if (head >= 0 && head - last <= 1 && (ORG_NOUNS.has(toks[head]!.folded) || ORG_NOUNS.has(toks[head]!.lemma)) && end === lastTok.end) {
    push('org', first, head + 1, { head });
  }
  if (depth > 2) return;
  // Possible sub-names: after a title ("Special Rapporteur Richard Bennett") and either side of an
  // apostrophe-less possessive inside the run ("Hibatullah Akhundzadas Kandahar").
  for (let k = first; k < last - 1; k++) {
    const t = toks[k]!;
    if (PERSON_NOUNS.has(t.folded) && isCap(toks[k + 1]!)) {
      emitName(a, k + 1, last, opts, (kd, f, l, x) => push(kd === 'name' ? 'person' : kd, f, l, x), depth + 1);
      // …and the title describes the person: "[Special Rapporteur] Richard Bennett".
      push('role', first, k + 1, { head: k, subject: [k + 1, last] });
    }
    if (possessiveS(t, toks[k + 1], opts) && t.pos === 'PROPN') {
      emitName(a, first, k + 1, opts, push, depth + 1);
      emitName(a, k + 1, last, opts, push, depth + 1);
    }
  }
}

/** Apostrophe-less possessive: "Akhundzadas Kandahar faction" names Akhundzada. */
function possessiveS(t: Token, next: Token | undefined, opts: ExtractOptions): boolean {
  const word = t.text.split(/[-‐]/).pop() ?? t.text;
  if (!/[^s']s$/i.test(word) || word.length <= 3 || PLURAL_NAMES.test(word)) return false;
  const possessivePosition = !!next && (next.pos === 'NOUN' || next.pos === 'PROPN' || next.pos === 'ADJ') && next.kind === 'word';
  return opts.knownWord(t.folded.slice(0, -1)) || possessivePosition;
}

function isNumberish(t: Token): boolean {
  return t.kind === 'number' || NUMBER_WORDS.has(t.folded) || /^\d/.test(t.text);
}

function numbersAndDates(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  for (let i = first; i < last; i++) {
    const t = toks[i]!;
    // Year ranges arrive as one number token: "1996-2001".
    if (/^(1\d|20)\d\d[-–](\d\d|(1\d|20)\d\d)$/.test(t.text)) push('year', i, i + 1);
    // Season/part of year: "early 2022", "mid-2019".
    if (DATE_MODIFIERS.has(t.folded) && toks[i + 1] && /^(1\d|20)\d\d$/.test(toks[i + 1]!.text)) push('date', i, i + 2);
    // Month + year or month alone ("August 2021", "In February").
    if (MONTHS.has(t.folded) && isCap(t) && t.folded !== 'may') {
      let j = i + 1;
      if (toks[j] && /^\d{1,2}(st|nd|rd|th)?$/.test(toks[j]!.text)) j++;
      if (toks[j]?.text === ',') j++;
      if (toks[j] && /^(1\d|20)\d\d$/.test(toks[j]!.text)) push('date', i, j + 1);
      else push('date', i, i + 1);
    }
    // Rough quantities: "tens of thousands", "hundreds of millions".
    if (/^(tens|hundreds|thousands|millions|dozens|billions)$/.test(t.folded) && toks[i + 1]?.folded === 'of' && toks[i + 2] && /^(thousands|millions|billions)$/.test(toks[i + 2]!.folded)) {
      push('count', i, i + 3, { head: nextNoun(toks, i + 3, last) });
    }
    if (isNumberish(t) && t.pos !== 'PROPN') {
      // A number with its scale and unit: "$194.4 million", "25 percent", "11 gold mines", "seven".
      let s = i;
      if (toks[s - 1] && (toks[s - 1]!.kind === 'currency' || toks[s - 1]!.text === '$')) s--;
      if (s > first && !toks[s - 1]!.text.match(/^(more|less|over|under|about|nearly|almost)$/i) && isNumberish(toks[s - 1]!) && s !== i) continue;
      if (i > first && isNumberish(toks[i - 1]!) && toks[i - 1]!.pos !== 'PROPN' && s === i) continue;
      let j = i + 1;
      while (j < last && (SCALE_WORDS.has(toks[j]!.folded) || (isNumberish(toks[j]!) && toks[j]!.kind !== 'number'))) j++;
      if (toks[j]?.text === '%') j++;
      const money = toks[s]!.text === '$' || toks[s]!.kind === 'currency' || /^(dollars?|euros?|pounds?|rupees?|yuan|yen)$/.test(toks[j]?.folded ?? '');
      const percent = toks.slice(i, j).some((x) => /^(percent|%|per)$/.test(x.folded));
      const year = j === i + 1 && /^(1\d|20)\d\d$/.test(t.text);
      // The day of a date ("October 17th, 2025") counts nothing.
      if (t.kind === 'ordinal' && MONTHS.has(toks[i - 1]?.folded ?? '')) continue;
      // "48-hour", "two weeks": a number of time units is a duration.
      const unit = /-(hours?|days?|weeks?|months?|years?|minutes?)$/i.test(t.text) ? j : TIME_UNITS.has(toks[j]?.lemma ?? '') ? j + 1 : -1;
      const kind: SpanKind = money ? 'money' : percent ? 'percent' : year ? 'year' : unit >= 0 ? 'duration' : 'count';
      push(kind, s, unit > j ? unit : j, { head: nextNoun(toks, j, last) });
    }
  }
}

function nextNoun(toks: Token[], from: number, limit: number): number {
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

/** wink's own entities cover dates ("July 31, 2022") and amounts the rules above may miss. */
function entitySpans(a: TextAnalysis, push: Push): void {
  const toks = a.tokens;
  for (const e of a.entities) {
    const kind: SpanKind | null =
      e.type === 'DATE' || e.type === 'TIME' ? (e.last - e.first === 1 && /^(1\d|20)\d\d$/.test(toks[e.first]!.text) ? 'year' : 'date')
      : e.type === 'DURATION' ? 'date'
      : e.type === 'MONEY' ? 'money'
      : e.type === 'PERCENT' ? 'percent'
      : e.type === 'CARDINAL' ? (e.last - e.first === 1 && /^(1\d|20)\d\d$/.test(toks[e.first]!.text) ? 'year' : 'count')
      : e.type === 'HYPHEN_NAME' ? 'name'
      : null;
    if (!kind) continue;
    if (toks[e.first]!.sentence !== toks[e.last - 1]!.sentence) continue;
    // wink's patterns ignore spacing; "Turkey - kurdistan24.net" is a headline separator, not a name.
    if (e.type === 'HYPHEN_NAME' && toks.slice(e.first + 1, e.last).some((t, k, arr) => t.text === '-' && (t.spaced || arr[k + 1]?.spaced))) continue;
    // "days", "years" alone are durations without a date in them.
    if (kind === 'date' && !toks.slice(e.first, e.last).some((t) => /\d/.test(t.text) || MONTHS.has(t.folded) || DATE_MODIFIERS.has(t.folded) || WEEKDAYS.has(t.folded))) continue;
    push(kind, e.first, e.last, kind === 'count' || kind === 'money' ? { head: nextNoun(toks, e.last, a.sentences[toks[e.first]!.sentence]!.last) } : {});
  }
}

/** Noun phrases, descriptive agents ("a London-based threat analysis firm"), titles and lists. */
function phrases(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  const isNounish = (t: Token) => t.pos === 'NOUN' || t.pos === 'PROPN';
  // Hyphen compounds ("London-based", "lower-cost") modify like adjectives whatever their parts' tags.
  const glued = (t: Token) => t.text === '-' ? !t.spaced : !t.spaced && toks[toks.indexOf(t) - 1]?.text === '-';
  // Participles before a noun modify it like adjectives: "listed terrorist groups".
  // After an auxiliary an -ing form is the verb itself ("is running camps"), so only -ed forms
  // or an -ing after a determiner or adjective count.
  const participle = (t: Token) => {
    const k = toks.indexOf(t);
    const next = toks[k + 1];
    const prev = toks[k - 1];
    if (t.pos !== 'VERB' || !next || !(isNounish(next) || next.pos === 'ADJ')) return false;
    return /ed$/.test(t.folded) ? prev?.pos !== 'AUX' : /ing$/.test(t.folded) && !!prev && (prev.pos === 'DET' || prev.pos === 'ADJ');
  };
  const isMod = (t: Token) => t.pos === 'ADJ' || t.pos === 'NUM' || isNounish(t) || glued(t) || participle(t);
  const nps: Array<[number, number]> = [];
  let i = first;
  while (i < last) {
    if (!isMod(toks[i]!) || toks[i]!.text === '-') {
      i++;
      continue;
    }
    let j = i;
    while (j < last && (isMod(toks[j]!) || (toks[j]!.text === ',' && toks[j + 1] && toks[j + 1]!.pos === 'ADJ'))) j++;
    // Trim to end at a noun.
    let e = j;
    while (e > i && !isNounish(toks[e - 1]!)) e--;
    // Dates and bare numbers are offered as dates and amounts, not as noun phrases.
    if (e > i && toks.slice(i, e).every((t) => MONTHS.has(t.folded) || t.pos === 'NUM' || DATE_MODIFIERS.has(t.folded))) e = i;
    if (e > i) {
      nps.push([i, e]);
      const headTok = toks[e - 1]!;
      // "a large number of listed terrorist groups": the quantifier alone is not the answer.
      const quantifier = QUANTIFIER_NOUNS.has(headTok.lemma) && toks[e]?.folded === 'of';
      if (quantifier) {
        /* only the "of" extension below is offered */
      } else if (PERSON_NOUNS.has(headTok.folded) || PERSON_NOUNS.has(headTok.lemma)) push('role', i, e, { head: e - 1 });
      else if (ORG_NOUNS.has(headTok.folded) || ORG_NOUNS.has(headTok.lemma)) push('orgdesc', i, e, { head: e - 1 });
      else push('phrase', i, e, { head: e - 1 });
      // "General Directorate of Intelligence": a noun phrase continues through "of" + noun phrase.
      // Other prepositions carry the phrase on too, with a determiner and a coordination allowed:
      // "action [by the United States and the U.N.]".
      if (toks[e] && PP_HEADS.has(toks[e]!.folded)) {
        let k = e + 1;
        const np = () => {
          if (toks[k] && toks[k]!.pos === 'DET') k++;
          const s0 = k;
          while (k < last && isMod(toks[k]!)) k++;
          while (k > s0 && !isNounish(toks[k - 1]!)) k--;
          return k > s0;
        };
        if (np()) {
          const single = k;
          if (toks[k]?.folded === 'and' && toks[k + 1]) {
            k++;
            if (!np()) k = single;
          }
          if (toks[e]!.folded === 'of' || k - i <= 12) push('phrase', i, k, { head: e - 1 });
        }
      }
    }
    i = Math.max(j, i + 1);
  }
  // Lists: "from weapons to wives, housing, passports, and access".
  for (let n = 0; n < nps.length; n++) {
    let m = n;
    while (m + 1 < nps.length) {
      const gap = toks.slice(nps[m]![1], nps[m + 1]![0]).map((t) => t.folded).join(' ');
      if (!/^(,|and|or|to|, and|, or)$/.test(gap)) break;
      m++;
    }
    if (m > n) push('list', nps[n]![0], nps[m]![1]);
  }
  // Titles after "titled", "called": "titled Corruption and Kleptocracy in Afghanistan Under the Taliban".
  for (let k = first; k < last - 1; k++) {
    if (!TITLE_TRIGGERS.has(toks[k]!.folded)) continue;
    let j = k + 1;
    if (toks[j]?.text === '"' || toks[j]?.text === '“') j++;
    const s = j;
    while (j < last && (isCap(toks[j]!) || (CONNECTORS.has(toks[j]!.folded) && toks[j + 1] && isCap(toks[j + 1]!)) || hyphenGlued(toks, j))) j += hyphenGlued(toks, j) ? 2 : 1;
    if (j > s) push('title', s, j);
  }
  // Quoted titles: the paper "On the Computational Complexity of Algorithms".
  for (let k = first; k < last; k++) {
    if (!OPEN_QUOTES.has(toks[k]!.text)) continue;
    let j = k + 1;
    while (j < last && j - k <= 16 && !CLOSE_QUOTES.has(toks[j]!.text)) j++;
    if (j < last && j - k > 1 && j - k <= 16 && isCap(toks[k + 1]!)) push('title', k + 1, j);
    k = j;
  }
  // Subject pronouns point back to a name in the sentence before: "He is also a deputy head …",
  // "The Taliban, he said, are not …".
  for (let k = first; k < last; k++) {
    const t = toks[k]!;
    if (!SUBJECT_PRONOUNS.has(t.folded) || t.pos !== 'PRON') continue;
    if (k !== first && !(toks[k + 1]?.pos === 'VERB' || toks[k + 1]?.pos === 'AUX')) continue;
    const prevSentence = a.sentences[t.sentence - 1];
    if (!prevSentence) break;
    const found = antecedent(a, prevSentence.first, prevSentence.last);
    if (found) push('name', found[0], found[1], { anchor: k, sentence: t.sentence, end: found[2] });
    break;
  }
}

/**
 * The likeliest person a pronoun refers to: a name described as a person (", the head of …",
 * "President X"), else the first name of the sentence, which is usually its subject.
 */
function antecedent(a: TextAnalysis, first: number, last: number): [number, number, number] | null {
  const toks = a.tokens;
  const spans: Array<[number, number]> = [];
  for (let i = first; i < last; i++) {
    if (toks[i]!.pos !== 'PROPN' || !isCap(toks[i]!)) continue;
    let j = i + 1;
    while (j < last && (toks[j]!.pos === 'PROPN' || hyphenGlued(toks, j))) j += hyphenGlued(toks, j) ? 2 : 1;
    spans.push([i, j]);
    i = j - 1;
  }
  // A name used as a modifier ("Western governments", "Taliban regime") is not who "he" is.
  const usable = spans.filter(([i, j]) => toks[j]?.pos !== 'NOUN' && !toks.slice(i, j).every((t) => t.pos === 'ADJ'));
  spans.length = 0;
  spans.push(...usable);
  const personal = spans.find(([, j]) => {
    const window = toks.slice(j, j + 4).map((t) => t.folded);
    return window[0] === ',' && window.slice(1).some((w) => PERSON_NOUNS.has(w));
  });
  const pick = personal ?? spans[0];
  if (!pick) return null;
  const lastTok = toks[pick[1] - 1]!;
  const end = /[^s']s$/i.test(lastTok.text) && toks[pick[1]]?.pos === 'NOUN' ? lastTok.end - 1 : lastTok.end;
  return [pick[0], pick[1], end];
}

/** "Special Inspector General for Afghanistan Reconstruction (SIGAR)" offers the expansion of SIGAR. */
function expansions(a: TextAnalysis, push: Push): void {
  const toks = a.tokens;
  for (let i = 1; i + 2 < toks.length; i++) {
    if (toks[i]!.text !== '(' || toks[i + 2]!.text !== ')') continue;
    const acr = toks[i + 1]!.text;
    if (!/^[A-Z][A-Z0-9&]{1,9}$/.test(acr)) continue;
    const letters = acr.replace(/[^A-Z]/g, '');
    // Walk back over capitalised words and connectors until the initials are covered.
    let k = i - 1;
    let caps = 0;
    while (k >= 0 && caps < letters.length && (isCap(toks[k]!) || CONNECTORS.has(toks[k]!.folded) || toks[k]!.text === '-')) {
      if (isCap(toks[k]!)) caps++;
      k--;
    }
    if (caps >= Math.min(2, letters.length)) push('expansion', k + 1, i, { head: -1, expands: acr });
  }
}

const NAMEY: ReadonlySet<SpanKind> = new Set(['name', 'place', 'country', 'org', 'person']);

/** "Badakhshan and Takhar", "Yemen, Libya, Somalia": names joined by "and" or commas also answer as one. */
function coordinate(a: TextAnalysis, cands: Candidate[], push: Push): void {
  const names = cands.filter((c) => NAMEY.has(c.kind) && c.anchor === c.first);
  const longestAt = new Map<number, Candidate>();
  for (const c of names) if ((longestAt.get(c.first)?.last ?? -1) < c.last) longestAt.set(c.first, c);
  const joined = (c: Candidate): Candidate | undefined => {
    for (const gap of [1, 2]) {
      const between = a.tokens.slice(c.last, c.last + gap).map((t) => t.folded).join(' ');
      if (!/^(and|or|&|,|, and|, or)$/.test(between)) continue;
      const next = longestAt.get(c.last + gap);
      if (next && next.sentence === c.sentence) return next;
    }
    return undefined;
  };
  for (const first of names) {
    const chain = [first];
    for (let next = joined(first); next && chain.length < 8; next = joined(next)) chain.push(next);
    if (chain.length < 2) continue;
    // Names listed with a place are places too ("northern Badakhshan and Takhar provinces").
    const place = chain.some((c) => c.kind === 'place' || c.kind === 'country');
    if (place) for (const c of chain) if (c.kind !== 'country') c.kind = 'place';
    // A list of known countries stays a list of countries: they can act (mediate, sign) as well as be places.
    const kind: SpanKind = chain.every((c) => c.kind === 'country') ? 'country' : place ? 'place' : first.kind;
    for (let k = 1; k < chain.length; k++) {
      const last = chain[k]!;
      push(kind, first.first, last.last, { end: last.end, coordinated: true, head: last.head });
    }
  }
}

const DESCRIBED: ReadonlySet<SpanKind> = new Set(['name', 'person', 'org', 'country', 'place']);
const CLAUSE_END = new Set([',', ';', '.', '(', ')', ':', '—', '–']);

/**
 * Descriptions attached to a name: an apposition ("Schindler, the senior director of …") or a
 * copula ("The Bush Institute is a think tank …"). They answer "Who is X?" / "What is X?".
 */
function describe(a: TextAnalysis, cands: Candidate[], push: Push): void {
  const toks = a.tokens;
  for (const c of cands.filter((x) => DESCRIBED.has(x.kind) && x.anchor === x.first)) {
    let i = c.last;
    if (toks[i]?.text === ',') {
      i++;
      // "…, which is fighting the Pakistani state": a relative clause describes too.
      if (/^(which|who)$/.test(toks[i]?.folded ?? '') && /^(is|was|are|were)$/.test(toks[i + 1]?.folded ?? '')) i += 2;
    } else if (/^(is|was|are|were)$/.test(toks[i]?.folded ?? '')) i++;
    else continue;
    if (toks[i] && /^(the|a|an)$/.test(toks[i]!.folded)) i++;
    else if (toks[c.last]?.text === ',' && toks[i - 1]?.folded !== 'is' && toks[i - 1]?.folded !== 'was') continue;
    const start = i;
    let end = start;
    while (end < toks.length && end - start < 24 && !CLAUSE_END.has(toks[end]!.text) && toks[end]!.sentence === c.sentence) end++;
    // Cut off by length, a description ends at its last noun rather than mid-phrase.
    if (end - start >= 24) while (end > start && toks[end - 1]!.pos !== 'NOUN' && toks[end - 1]!.pos !== 'PROPN') end--;
    // In a list of names ("…, the anti-Tajikistan Jamaat Ansarullah, and …") the next item is no
    // description: a description has a common noun or a verb early on.
    const early = toks.slice(start, Math.min(end, start + 4));
    if (!early.some((t) => (t.pos === 'NOUN' && /^\p{Ll}/u.test(t.text)) || t.pos === 'VERB')) continue;
    if (end > start) push('appositive', start, end, { subject: [c.first, c.last], head: -1 });
  }
  // The other way round: "bin Ladens successor, Ayman al-Zawahiri" describes the name after it.
  const byFirst = new Map<number, Candidate>();
  for (const c of cands) if (DESCRIBED.has(c.kind) && (byFirst.get(c.first)?.last ?? -1) < c.last) byFirst.set(c.first, c);
  for (const d of cands.filter((x) => x.kind === 'role' || x.kind === 'orgdesc')) {
    const name = toks[d.last]?.text === ',' ? byFirst.get(d.last + 1) : undefined;
    if (name && !d.subject) push('appositive', d.first, d.last, { subject: [name.first, name.last], head: d.head });
  }
}

/** A headline names its publisher: "Title - AP News - date". Offer it, marked, for "which outlet" questions. */
function publisher(a: TextAnalysis, source: string | null | undefined, push: Push): [number, number] | null {
  if (!source) return null;
  const at = a.text.indexOf(` - ${source} - `);
  if (at < 0) return null;
  const start = at + 3;
  const end = start + source.length;
  const first = a.tokens.findIndex((t) => t.start >= start);
  let last = first;
  while (last < a.tokens.length && a.tokens[last]!.end <= end) last++;
  if (first >= 0 && last > first) push('org', first, last, { start, end, source: true });
  return [start, end];
}

function dedupe(cands: Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of cands) {
    const key = `${c.kind}:${c.start}:${c.end}:${c.anchor}`;
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

export function isWordToken(t: Token): boolean {
  return isWordy(t);
}
