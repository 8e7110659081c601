/** What-questions are answered by spans that are neither names nor numbers; a pronoun's name is offered here too, where the sentence is read. */
import type { TextAnalysis, Token } from '../../nlp/analyse.js';
import { DATE_MODIFIERS, MONTHS, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS } from '../../nlp/lexicon.js';
import type { Push } from './types.js';
import { CONNECTORS, TITLE_TRIGGERS, hyphenGlued, isCap } from './words.js';
import { antecedent } from './names.js';

const SUBJECT_PRONOUNS = new Set(['he', 'she']);
const PP_HEADS = new Set(['of', 'by', 'for', 'against', 'on', 'over', 'with', 'from']);
const QUANTIFIER_NOUNS = new Set(['number', 'lot', 'kind', 'type', 'variety', 'range', 'list', 'series', 'set', 'host', 'handful', 'majority', 'share', 'part', 'portion', 'amount', 'couple', 'pair', 'dozen', 'group']);
const OPEN_QUOTES = new Set(['"', '“', '«']);
const CLOSE_QUOTES = new Set(['"', '”', '»']);

/** Noun phrases, descriptive agents ("a London-based threat analysis firm"), titles and lists. */
export function phrases(a: TextAnalysis, first: number, last: number, push: Push): void {
  const toks = a.tokens;
  // A gerund after a determiner or adjective heads a noun phrase: "the systematic [pilfering] of aid".
  const gerund = (t: Token) => {
    const k = toks.indexOf(t);
    return t.pos === 'VERB' && /ing$/.test(t.folded) && (toks[k - 1]?.pos === 'DET' || toks[k - 1]?.pos === 'ADJ') && toks[k + 1]?.folded === 'of';
  };
  const isNounish = (t: Token) => t.pos === 'NOUN' || t.pos === 'PROPN' || gerund(t);
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
      } else if ((PERSON_NOUNS.has(headTok.folded) || PERSON_NOUNS.has(headTok.lemma)) && !/^\d/.test(toks[i]!.text)) {
        // "212 players" counts people and names none: a phrase (below), not a role that answers who.
        push('role', i, e, { head: e - 1 });
      } else if (ORG_NOUNS.has(headTok.folded) || ORG_NOUNS.has(headTok.lemma)) push('orgdesc', i, e, { head: e - 1 });
      else push('phrase', i, e, { head: e - 1 });
      // A phrase headed by a place noun is a place as well: "the [quiet room]", "the [hardware desk]".
      const place = PLACE_NOUNS.has(headTok.folded) || PLACE_NOUNS.has(headTok.lemma);
      if (place && !quantifier) push('place', i, e, { head: e - 1 });
      // The modifiers alone answer "what kind of X?": "[silver] chains", "obligately [anaerobic] organisms".
      if (e - i >= 2 && !quantifier && toks.slice(i, e - 1).every((t) => t.pos === 'ADJ' || t.pos === 'NOUN' || glued(t))) push('phrase', i, e - 1, { head: e - 1 });
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
          if (toks[e]!.folded === 'of' || k - i <= 12) {
            push('phrase', i, k, { head: e - 1 });
            // "the [quiet room on the second floor]": the place made precise.
            if (place) push('place', i, k, { head: e - 1 });
          }
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
    // Two phrases with only a comma between them are one thing named twice, not a list:
    // "[Ladens successor], [Ayman al-Zawahiri]". A list of two needs its "and" or "or".
    const apposition = m === n + 1 && toks.slice(nps[n]![1], nps[m]![0]).every((t) => t.text === ',');
    if (m > n && !apposition) push('list', nps[n]![0], nps[m]![1]);
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
