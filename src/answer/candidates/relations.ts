/** Spans that only show once others are known (coordinations, descriptions of a name) or in a passage's layout (acronym expansions, a headline's publisher). */
import { PERSON_NOUNS } from '../../nlp/lexicon.js';
import type { TextAnalysis } from '../../nlp/analyse.js';
import type { Candidate, Push, SpanKind } from './types.js';
import { CONNECTORS, isCap } from './words.js';

/** "Special Inspector General for Afghanistan Reconstruction (SIGAR)" offers the expansion of SIGAR. */
export function expansions(a: TextAnalysis, push: Push): void {
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
export function coordinate(a: TextAnalysis, cands: Candidate[], push: Push): void {
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
export function describe(a: TextAnalysis, cands: Candidate[], push: Push): void {
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
    // A second description joined by "and a/an/the" ("…, the senior director of X and an expert on
    // terrorism") is left out: the first says who someone is, and answers stay short.
    const secondDescription = (k: number) => toks[k]!.folded === 'and' && /^(a|an|the)$/.test(toks[k + 1]?.folded ?? '');
    while (end < toks.length && end - start < 24 && !CLAUSE_END.has(toks[end]!.text) && !secondDescription(end) && toks[end]!.sentence === c.sentence) end++;
    // Cut off by length, a description ends at its last noun rather than mid-phrase.
    if (end - start >= 24) while (end > start && toks[end - 1]!.pos !== 'NOUN' && toks[end - 1]!.pos !== 'PROPN') end--;
    // In a list of names ("…, the anti-Tajikistan Jamaat Ansarullah, and …") the next item is no
    // description: a description has a common noun or a verb early on.
    const early = toks.slice(start, Math.min(end, start + 4));
    if (!early.some((t) => (t.pos === 'NOUN' && /^\p{Ll}/u.test(t.text)) || t.pos === 'VERB')) continue;
    if (end > start) push('appositive', start, end, { subject: [c.first, c.last], head: -1 });
  }
  // A title right before a name describes it: "Afghan Foreign Minister [Amir Khan Muttaqi]".
  for (const c of cands.filter((x) => DESCRIBED.has(x.kind) && x.anchor === x.first)) {
    const role = toks[c.first - 1];
    if (!role || !(PERSON_NOUNS.has(role.folded) || PERSON_NOUNS.has(role.lemma))) continue;
    let start = c.first - 1;
    while (start > 0 && c.first - start < 4 && /^(ADJ|NOUN|PROPN)$/.test(toks[start - 1]!.pos) && toks[start - 1]!.sentence === c.sentence) start--;
    push('role', start, c.first, { subject: [c.first, c.last], head: c.first - 1 });
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
export function publisher(a: TextAnalysis, source: string | null | undefined, push: Push): [number, number] | null {
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
