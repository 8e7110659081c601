/** Capitals mislead in many ways (sentence starts, headlines, particles, possessives), so the rules that read names live together. */
import { isTitleCase, type TextAnalysis, type Token } from '../../nlp/analyse.js';
import { STOPWORDS } from '../../nlp/terms.js';
import { isKnownPlace } from '../../nlp/places.js';
import { lexiconEntry } from '../../nlp/wink.js';
import { MONTHS, NAME_PARTICLES, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS } from '../../nlp/lexicon.js';
import type { ExtractOptions, Push, SpanKind } from './types.js';
import { CONNECTORS, TITLE_TRIGGERS, hyphenGlued, isCap } from './words.js';
import { nextNoun } from './numbers.js';

const PLACE_PREPS = new Set(['in', 'at', 'from', 'near', 'into', 'across', 'throughout', 'inside', 'outside', 'to']);
const PLURAL_NAMES = /^(states|times|news|nations|islands|emirates|affairs|forces|services|games|olympics|netherlands|philippines|reuters|bahamas|maldives|seychelles|andes|alps|rockies|americas|series|species|works|arts|sciences|studies|relations|rights)$/i;

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

const CLAUSE_MARKS = new Set([':', ';', '?', '!']);

/** Token i opens its sentence, a clause after a colon, or a line after a date or a bullet: only symbols and numbers stand before it. */
function opensClause(toks: Token[], i: number, sentenceFirst: number): boolean {
  if (i > sentenceFirst && CLAUSE_MARKS.has(toks[i - 1]!.text)) return true;
  for (let k = sentenceFirst; k < i; k++) if (toks[k]!.kind === 'word') return false;
  return true;
}

/**
 * A common word, not a name: one the corpus writes in lower case or wink's lexicon knows, never
 * capitalised by the corpus where no clause opens, and no known place ("Warsaw" is in the lexicon).
 */
const commonWord = (t: Token, opts: ExtractOptions) =>
  !opts.capitalisedInside(t.folded) && !isKnownPlace(t.text) && (t.lexical || opts.seenLowercase(t.folded));

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

export function names(a: TextAnalysis, first: number, last: number, opts: ExtractOptions, push: Push): void {
  const toks = a.tokens;
  const titleNames = isTitleCase(toks, first, last) ? titleCaseNames(toks, first, last, opts) : undefined;
  const nameLike = (ts: Token[], i: number, f: number) => nameLikeBase(ts, i, f, titleNames);
  let i = first;
  while (i < last) {
    if (!nameLike(toks, i, first) && !(NAME_PARTICLES.has(toks[i]!.folded) && hyphenGlued(toks, i + 1))) {
      i++;
      continue;
    }
    // "Showers are open …", "2025-01-10: Opened the …", "Is there Wi-Fi? Use eduroam": a word the
    // corpus knows in lower case, capitalised only where a clause opens, starts no name unless
    // another name word follows it ("Grace Tan").
    if (!titleNames && opensClause(toks, i, first) && commonWord(toks[i]!, opts) && !(i + 1 < last && (nameLike(toks, i + 1, first) || hyphenGlued(toks, i + 1)))) {
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
    // Only "-based" says so; "Taliban-controlled", "U.S.-led" say who, not where.
    const based = toks.slice(s, j + 2).some((t, k, arr) => (t.text === '-' || t.text === '‐') && arr[k + 1]?.folded === 'based');
    if (s < j && (modifier || glued) && based) {
      const dash = toks.slice(s, j).findIndex((t) => t.text === '-' || t.text === '‐');
      const end = modifier ? j : s + dash;
      if (end > s) push('place', s, end);
    }
    // Capitalised adjectives alone ("Western", "Pakistani", "BIG") are not names.
    const adjectivesOnly = toks.slice(s, j).every((t) => t.pos === 'ADJ' || t.text === '-');
    // "Taliban-controlled Afghanistan": past the glued modifier, the name itself.
    if (s < j && glued && !modifier) {
      const after = toks.slice(s, j).findIndex((t, k, arr) => t.text === '-' && /^\p{Ll}/u.test(arr[k + 1]?.text ?? ''));
      if (after >= 0 && s + after + 2 < j) emitName(a, s + after + 2, j, opts, push);
    }
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
  const possessive = possessiveS(lastTok, next, opts);
  if (possessive) end -= 1;
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
  // A run with a possessive inside ("Sirajuddin Haqqanis Kabul") is two names, offered below, not
  // one; but only when the corpus also writes the owner without the "s", or a place follows that
  // is no part of a person's name ("Hibatullah Akhundzadas Kandahar faction"): otherwise "Charles
  // Darwin" and "James Watt" would never be offered whole.
  const possessiveInside = words.slice(0, -1).some((t, k) => t.pos === 'PROPN' && possessiveS(t, words[k + 1], opts) && (opts.knownWord(t.folded.slice(0, -1)) || ownsPlace(t, words[k + 1]!)));
  const possessiveCut = possessive && lostApostrophe(a, lastTok, next, opts);
  if (!possessiveInside) push(kind, first, last, possessiveCut ? { end, head, possessiveCut } : { end, head });
  // "the Biden administration", "the Haqqani network": a name naming an organisation noun. With a
  // possessive inside, the noun is the owned name's ("Akhundzadas [Kandahar faction]"), offered below.
  if (!possessiveInside && head >= 0 && head - last <= 1 && (ORG_NOUNS.has(toks[head]!.folded) || ORG_NOUNS.has(toks[head]!.lemma)) && end === lastTok.end) {
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

/** "Akhundzadas [Kandahar]": a known place after a word that is none ("Dallas Texas" stays one name). */
const ownsPlace = (t: Token, next: Token) => isKnownPlace(next.text) && !isKnownPlace(t.text);

/** Apostrophe-less possessive: "Akhundzadas Kandahar faction" names Akhundzada. */
function possessiveS(t: Token, next: Token | undefined, opts: ExtractOptions): boolean {
  const word = t.text.split(/[-‐]/).pop() ?? t.text;
  if (!/[^s']s$/i.test(word) || word.length <= 3 || PLURAL_NAMES.test(word)) return false;
  return opts.knownWord(t.folded.slice(0, -1)) || possessivePosition(next);
}

/**
 * Whether to quote a possessive cut short ("Sirajuddin [Haqqani]s Kabul faction"): only in a
 * passage that writes no "'s" (so its apostrophes were lost), for a stem the corpus writes alone
 * and never in lower case, owning a noun that does not finish the name. Any sign missing and the
 * name is quoted whole: "the Normans of", "St. Johns River", "Kings Canyon", "Wells Fargo".
 */
function lostApostrophe(a: TextAnalysis, t: Token, next: Token | undefined, opts: ExtractOptions): boolean {
  const stem = t.folded.slice(0, -1);
  if (!possessivePosition(next) || !(opts.knownWord(stem) || ownsPlace(t, next!)) || opts.seenLowercase(stem)) return false;
  if (isCap(next!) && (PLACE_NOUNS.has(next!.folded) || ORG_NOUNS.has(next!.folded))) return false;
  return !a.tokens.some((x) => /^['’]s$/i.test(x.text));
}

const possessivePosition = (next: Token | undefined) => !!next && (next.pos === 'NOUN' || next.pos === 'PROPN' || next.pos === 'ADJ') && next.kind === 'word';

/**
 * The likeliest person a pronoun refers to: a name described as a person (", the head of …",
 * "President X"), else the first name of the sentence, which is usually its subject.
 */
export function antecedent(a: TextAnalysis, first: number, last: number): [number, number, number] | null {
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
