import type { TextAnalysis } from '../nlp/analyse.js';
import type { Candidate, SpanKind } from './candidates/index.js';
import type { AnswerShape, QuestionAnalysis } from './question.js';
import { NAME_PARTICLES, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS } from '../nlp/lexicon.js';
import { REPORTING, acronymsOf, agentOf, asksPublisher, attachedAfter, copulaRole, followsMatch, objectOf, roleBonus, speakerOf, subjectOf } from './cues.js';

/** How well a span kind answers an expected shape, 0..1. Zero means "never". */
const FIT: Record<AnswerShape, Partial<Record<SpanKind, number>>> = {
  person: { person: 1, name: 0.95, org: 0.4, role: 0.35, orgdesc: 0.2 },
  org: { org: 1, name: 0.85, orgdesc: 0.8, person: 0.35, expansion: 0.6, phrase: 0.2, country: 0.5 },
  // Countries act in the news ("Qatar mediated"), so they can answer who-questions, a little less readily.
  // A name after "at" or "in" is only probably a place ("lashes out at ICC").
  agent: { name: 1, person: 1, org: 1, orgdesc: 0.85, country: 0.85, place: 0.6, expansion: 0.6, role: 0.4, phrase: 0.15 },
  date: { date: 1, year: 0.95 },
  year: { year: 1, date: 0.9 },
  money: { money: 1, count: 0.55, quantity: 0.6 },
  percent: { percent: 1, count: 0.3 },
  count: { count: 1, quantity: 0.9, money: 0.45, percent: 0.45, duration: 0.4 },
  duration: { duration: 1, date: 0.4, count: 0.4 },
  quantity: { money: 0.95, count: 0.95, percent: 0.95, quantity: 1, duration: 0.9 },
  place: { place: 1, country: 1, name: 0.45, org: 0.3 },
  acronym: { expansion: 1, name: 0.3, org: 0.3 },
  title: { title: 1, name: 0.55, phrase: 0.3 },
  definition: { appositive: 1, role: 0.85, expansion: 0.9, orgdesc: 0.4, phrase: 0.25 },
  reason: { clause: 1, phrase: 0.3 },
  manner: { clause: 1, phrase: 0.3 },
  thing: { phrase: 0.8, list: 0.75, name: 0.65, org: 0.65, orgdesc: 0.7, role: 0.6, person: 0.55, title: 0.8, expansion: 0.65, place: 0.55, country: 0.55, date: 0.1, year: 0.1, count: 0.15, money: 0.15, percent: 0.15 },
};

const NAMED: ReadonlySet<SpanKind> = new Set(['name', 'person', 'org', 'country', 'place']);

export interface Evidence {
  /** Index of the passage in the corpus. */
  index: number;
  analysis: TextAnalysis;
  candidates: readonly Candidate[];
  /** Normalised terms of each sentence. */
  sentenceTerms: ReadonlyArray<ReadonlySet<string>>;
  /** Terms of the previous paragraph's last sentence: what "The routes …" at a paragraph's start refers back to. */
  before?: ReadonlySet<string>;
  /** Retrieval score relative to the best hit, 0..1. */
  retrieval: number;
}

export interface Scored {
  evidence: Evidence;
  candidate: Candidate;
  /** Verbatim answer text. */
  text: string;
  score: number;
  coverage: number;
  fit: number;
  proximity: number;
  /** Structural evidence: unit, subject/agent, title or apposition patterns. */
  bonus: number;
  /** Names or numbers of the question that neither the answer's sentence nor the one before mentions. */
  missingKeys: number;
  /** A who-question's role noun ("president") that nothing ties to this candidate. */
  unlinkedRole: boolean;
  /** The question's verb (or a paraphrase) appears nowhere near the candidate. */
  missingVerb: boolean;
}

export type Idf = (term: string) => number;

interface WeightedFocus {
  terms: Map<string, number>;
  weight: number;
  /** Names and numbers: the question is about them, so the answer's sentence should mention them. */
  key: boolean;
  /** Words of one name share a group: "Osama bin Laden" is mentioned when "bin Laden" is. */
  group: number;
}

export function weighFocus(q: QuestionAnalysis, idf: Idf, maxIdf: number): WeightedFocus[] {
  const publisher = asksPublisher(q);
  return q.focus.map((f) => {
    // "Which outlet asked whether …": the outlet's verb is not in the headline it asked.
    if (publisher && f.pos === 'VERB' && REPORTING.has(f.term)) return { terms: new Map(), weight: 0, key: false, group: -1 };
    const terms = new Map<string, number>();
    for (const v of f.variants) terms.set(v.term, v.weight);
    // A word the corpus never uses is as informative as the rarest word: missing it should hurt.
    const known = f.variants.filter((v) => v.weight >= 0.85).map((v) => idf(v.term));
    // An unknown name, noun or verb is as telling as the rarest word: the corpus does not talk
    // about it. An unknown modifier ("outside") may just be phrased differently.
    const content = !f.optional && (f.proper || /\d/.test(f.term) || f.pos === 'NOUN' || f.pos === 'VERB');
    const i = known.length ? Math.max(...known) : content ? maxIdf : 0.6 * maxIdf;
    return { terms, weight: f.weight * i, key: f.proper || /\d/.test(f.term), group: f.group ?? -1 };
  });
}

/** Fraction of the question's weight matched in sentence `s` (and, discounted, its neighbours and passage). */
function matchOf(f: WeightedFocus, ev: Evidence, s: number, quoted = false): number {
  let best = 0;
  const look = (k: number, discount: number) => {
    const set = k === -1 ? ev.before : ev.sentenceTerms[k];
    if (!set) return;
    for (const [term, w] of f.terms) if (set.has(term)) best = Math.max(best, w * discount);
  };
  look(s, 1);
  // A quotation runs on past the sentence that names its speaker.
  look(s - 1, quoted ? 0.8 : 0.5);
  look(s + 1, quoted ? 0.8 : 0.3);
  if (best < 0.2) for (let k = 0; k < ev.sentenceTerms.length; k++) look(k, 0.2);
  return best;
}

function mentions(f: WeightedFocus, ev: Evidence, s: number): boolean {
  // "He is also … He is believed …": a chain of pronoun-led sentences keeps its name in view.
  let back = s - 1;
  while (back > 0 && back > s - 4 && startsWithPronoun(ev, back + 1)) back--;
  for (let k = s; k >= back; k--) {
    const set = ev.sentenceTerms[k];
    if (set) for (const [term, w] of f.terms) if (w >= 0.85 && set.has(term)) return true;
  }
  return false;
}

function startsWithPronoun(ev: Evidence, s: number): boolean {
  const sentence = ev.analysis.sentences[s];
  const first = sentence ? ev.analysis.tokens[sentence.first] : undefined;
  return !!first && first.pos === 'PRON' && /^(he|she|they|it)$/.test(first.folded);
}

/** Capitalised modifiers of the counted thing that differ: "Afghan soldiers" vs "Pakistani soldiers". */
function conflictingModifiers(q: QuestionAnalysis, ev: Evidence, c: Candidate): boolean {
  const capitalised = (toks: readonly { text: string; term: string }[]) => toks.filter((t) => /^\p{Lu}/u.test(t.text)).map((t) => t.term);
  const qHead = q.analysis.tokens.findIndex((t) => t.term === q.headTerm);
  const whAt = q.analysis.tokens.findIndex((t) => /^(how|what|which)$/.test(t.folded));
  const asked = capitalised(q.analysis.tokens.slice(whAt + 1, qHead).filter((t, k) => k > 0 || t.folded !== 'many'));
  const found = capitalised(ev.analysis.tokens.slice(c.last, c.head));
  return asked.length > 0 && found.length > 0 && !found.some((t) => asked.includes(t));
}

function coordinatedWithQuestion(ev: Evidence, c: Candidate, keyTerms: ReadonlySet<string>): boolean {
  // Commas also end clauses ("…Crises, UN Warns"), so only "and"/"or" count.
  if (c.coordinated || !NAMED.has(c.kind)) return false;
  const toks = ev.analysis.tokens;
  const before = toks[c.first - 2];
  const after = toks[c.last + 1];
  return (
    (/^(and|or)$/.test(toks[c.first - 1]?.folded ?? '') && !!before && keyTerms.has(before.term)) ||
    (/^(and|or)$/.test(toks[c.last]?.folded ?? '') && !!after && keyTerms.has(after.term))
  );
}

/** Names and numbers of the question not mentioned near the candidate, a multi-word name counting once. */
function missingNames(focus: readonly WeightedFocus[], ev: Evidence, s: number): number {
  const groups = new Map<number, boolean>();
  let missing = 0;
  for (const f of focus) {
    if (!f.key) continue;
    const hit = mentions(f, ev, s);
    if (f.group < 0) missing += hit ? 0 : 1;
    // A particle alone ("bin") does not mention the name.
    else groups.set(f.group, (groups.get(f.group) ?? false) || (hit && !NAME_PARTICLES.has([...f.terms.keys()][0] ?? '')));
  }
  for (const seen of groups.values()) if (!seen) missing++;
  return missing;
}


function proximityOf(f: WeightedFocus, ev: Evidence, c: Candidate): number {
  const toks = ev.analysis.tokens;
  const sent = ev.analysis.sentences[c.sentence];
  if (!sent) return 0;
  let best = Infinity;
  for (let i = sent.first; i < sent.last; i++) {
    if (!f.terms.has(toks[i]!.term)) continue;
    const d = i < c.first ? c.first - i : i >= c.last ? i - c.last + 1 : 0;
    const da = Math.abs(i - c.anchor);
    best = Math.min(best, c.anchor !== c.first ? da : d);
  }
  return best === Infinity ? 0 : 1 / (1 + best / 4);
}

export function scoreCandidates(q: QuestionAnalysis, evidence: readonly Evidence[], focus: WeightedFocus[], specificity: (term: string) => number = () => 0.5): Scored[] {
  const total = focus.reduce((a, f) => a + f.weight, 0) || 1;
  const questionTerms = new Set<string>();
  // A which-question's head may stand in the answer ("which faction" → "Kabul faction") but
  // cannot be the whole of it.
  const headTerms = new Set<string>();
  focus.forEach((f, k) => {
    for (const [t, w] of f.terms) if (w >= 0.85) (q.focus[k]?.optional ? headTerms : questionTerms).add(t);
  });
  const verbs = new Set<string>();
  q.focus.forEach((f) => {
    // The tagger reads some participles as adjectives ("armed", "sheltered").
    // An -ed adjective right before a noun is attributive ("unpublished report"), not a verb.
    const next = q.analysis.tokens[f.index + 1];
    const attributive = !!next && (next.pos === 'NOUN' || next.pos === 'PROPN' || next.pos === 'ADJ');
    // The term itself counts even when the corpus lacks it, so a missing verb is noticed.
    if (f.pos === 'VERB' || (f.pos === 'ADJ' && /ed$/.test(f.surface) && !attributive)) for (const t of [f.term, ...f.variants.map((v) => v.term)]) verbs.add(t);
  });
  const roles = new Set<string>();
  q.focus.forEach((f) => {
    // A which-question's head ("which group") is the answer's kind, not a role it must hold.
    if (!f.optional && f.pos === 'NOUN' && (PERSON_NOUNS.has(f.surface.toLowerCase()) || ORG_NOUNS.has(f.surface.toLowerCase()))) roles.add(f.term);
  });
  const fits = FIT[q.shape];
  const keyTerms = new Set<string>();
  for (const f of focus) if (f.key) for (const [t, w] of f.terms) if (w >= 0.85) keyTerms.add(t);
  const initials = acronymsOf(q);
  const publisherAsked = asksPublisher(q);
  const out: Scored[] = [];
  for (const ev of evidence) {
    const matchCache = new Map<number, number[]>();
    for (const c of ev.candidates) {
      let fit = fits[c.kind] ?? 0;
      if (fit <= 0) continue;
      // "the Talibans systematic pilfering": a name modifying a noun is not the thing asked about.
      if (q.shape === 'thing' && NAMED.has(c.kind)) {
        const next = ev.analysis.tokens[c.last];
        if (next && (next.pos === 'NOUN' || next.pos === 'ADJ') && /^\p{Ll}/u.test(next.text)) fit *= 0.5;
      }
      // "a U.S. drone strike": a place name modifying an ordinary noun says whose, not where.
      if (q.shape === 'place' && (c.kind === 'country' || c.kind === 'place')) {
        const next = ev.analysis.tokens[c.last];
        if (next && next.pos === 'NOUN' && !PLACE_NOUNS.has(next.lemma) && !PLACE_NOUNS.has(next.folded)) fit *= 0.5;
      }
      // A description must describe the name asked about.
      if (q.shape === 'definition') {
        const subject = c.subject ? ev.analysis.tokens.slice(c.subject[0], c.subject[1]).map((t) => t.term) : [];
        if (!focus.some((f) => f.key && subject.some((t) => f.terms.has(t)))) continue;
      }
      if (c.kind === 'expansion' && q.shape === 'acronym' && !q.focus.some((f) => f.surface === c.expands)) fit *= 0.2;
      const toks = ev.analysis.tokens.slice(c.first, c.last);
      const content = toks.filter((t) => /[\p{L}\p{N}]/u.test(t.text) && t.pos !== 'DET' && t.pos !== 'ADP' && t.pos !== 'CCONJ');
      if (content.length === 0) continue;
      // Never answer with what the question already says, including its names' acronyms ("BWA").
      if (/^[A-Z]{2,}$/.test(ev.analysis.text.slice(c.start, c.end)) && initials.includes(ev.analysis.text.slice(c.start, c.end))) continue;
      const overlap = content.filter((t) => questionTerms.has(t.term)).length;
      // A name that merely shares a minor part with the question ("Duke William II" for "Who
      // killed Harold II?") is still a different name; one that is mostly the question's is not.
      const minor = content.filter((t) => questionTerms.has(t.term) && t.term.length <= 3).length;
      const named = !['phrase', 'list', 'title', 'orgdesc', 'role', 'expansion', 'appositive'].includes(c.kind);
      if (content.every((t) => questionTerms.has(t.term) || headTerms.has(t.term))) continue;
      if (overlap > 0 && named && overlap > minor) continue;
      if (overlap > 0) fit *= named ? 0.7 : 0.35;
      let matches = matchCache.get(c.sentence);
      if (!matches) matchCache.set(c.sentence, (matches = focus.map((f) => matchOf(f, ev, c.sentence, q.speech))));
      let covered = 0;
      let near = 0;
      focus.forEach((f, k) => {
        const m = matches![k]!;
        covered += f.weight * m;
        near += f.weight * m * proximityOf(f, ev, c);
      });
      const coverage = covered / total;
      const proximity = covered ? near / covered : 0;
      let bonus = 0;
      if (q.headTerm && c.head >= 0) {
        // "[11] gold mines" answers "how many gold mines"; "[tens of thousands of] workers" does not answer "how many women".
        // Prefix match, since run-together words ("affiliatesmost") still name the counted thing.
        const headTerm = ev.analysis.tokens[c.head]!.term;
        if (headTerm === q.headTerm || (q.headTerm.length >= 4 && headTerm.startsWith(q.headTerm))) {
          // …but "58 Pakistani soldiers" does not answer "how many Afghan soldiers".
          if (conflictingModifiers(q, ev, c)) fit *= 0.3;
          else bonus += 0.12;
        } else if (q.shape === 'count' && ev.analysis.tokens[c.head]!.pos === 'NOUN' && !questionTerms.has(headTerm)) fit *= 0.6;
      }
      // "Badakhshan and [Takhar]" for a question about Badakhshan: a sibling, not the answer.
      if (coordinatedWithQuestion(ev, c, keyTerms)) fit *= 0.3;
      if (c.coordinated) bonus += q.headTerm && /s$/.test(q.analysis.tokens.find((t) => t.term === q.headTerm)?.text ?? '') ? 0.08 : 0.03;
      // "Who did Alexander marry?" asks for the object of the verb, not its subject.
      if (q.type === 'who' && q.objectQuestion && verbs.size && objectOf(ev, c, verbs)) bonus += 0.18;
      if (q.type === 'who' && !q.objectQuestion && verbs.size && (subjectOf(ev, c, verbs, q.passive) || (!q.passive && agentOf(ev, c, verbs)))) {
        bonus += 0.18;
        // The doer of the asked verb may be described rather than named: "protected by warlords".
        if (c.kind === 'role' || c.kind === 'orgdesc' || c.kind === 'phrase') fit = Math.max(fit, 0.75);
      }
      // "enacted in [1975]", "built between [the 1960s and 1990s]": a date, place or amount in the
      // clause of the asked verb, not just anywhere near the question's words.
      if ((q.type === 'when' || q.type === 'where' || q.type === 'how_much') && verbs.size && attachedAfter(ev, c, verbs)) bonus += 0.1;
      // "What is al Qaeda running …?": the object right after the asked verb.
      if (q.shape === 'thing' && verbs.size && objectOf(ev, c, verbs)) bonus += 0.1;
      // "Which outlet reported …?" is answered by a headline's publisher; other questions rarely are.
      if (c.source) {
        if (asksPublisher(q)) bonus += 0.25;
        else fit *= 0.5;
      }
      // "Who said …?" wants the speaker, not a name inside the quotation.
      if (q.speech) {
        if (speakerOf(ev, c)) bonus += 0.15;
        else fit *= 0.5;
      }
      let unlinkedRole = false;
      if (q.type === 'who' && roles.size) {
        const rb = roleBonus(ev, c, roles);
        bonus += rb;
        // "Who is the president of Iran?" wants a name tied to "president", not any name nearby.
        unlinkedRole = rb <= 0 && !copulaRole(ev, c, roles);
      }
      // "… into Pakistan, where they were sheltered": a relative "where" names the place before it.
      if (q.shape === 'place' && ev.analysis.tokens[c.last]?.text === ',' && ev.analysis.tokens[c.last + 1]?.folded === 'where') bonus += 0.1;
      if (q.shape === 'thing' || q.shape === 'title' || q.strandedPrep) {
        const gap = followsMatch(ev, c, questionTerms, q.strandedPrep, q.strandedVerb);
        if (gap >= 0 && (gap <= 3 || q.strandedPrep)) bonus += q.strandedPrep ? 0.15 : 0.06;
      }
      // Rare words make better answers than the corpus's everyday ones ("Taliban" in a Taliban corpus).
      const spec = content.reduce((a, t) => a + specificity(t.term), 0) / content.length;
      const length = c.last - c.first;
      const lengthPenalty = length > 8 ? Math.min(0.3, (length - 8) * 0.04) : 0;
      const score = fit * (0.45 * coverage ** 1.5 + 0.32 * proximity * coverage + 0.08 * ev.retrieval + 0.15 * spec) + bonus - lengthPenalty;
      const missingKeys = missingNames(focus, ev, c.sentence);
      // A headline's publisher "asked" or "reported" its headline without saying so.
      const missingVerb = verbs.size > 0 && !(c.source && publisherAsked) && ![c.sentence - 1, c.sentence, c.sentence + 1].some((k) => [...verbs].some((v) => ev.sentenceTerms[k]?.has(v)));
      out.push({ evidence: ev, candidate: c, text: ev.analysis.text.slice(c.start, c.end), score: score - 0.1 * missingKeys - (unlinkedRole ? 0.05 : 0), coverage, fit, proximity, bonus, missingKeys, unlinkedRole, missingVerb });
    }
  }
  // Redundancy: the same answer found in several places is more likely right.
  const counts = new Map<string, number>();
  for (const s of out) counts.set(keyOf(s.text), (counts.get(keyOf(s.text)) ?? 0) + 1);
  for (const s of out) s.score += Math.min(0.04, 0.01 * ((counts.get(keyOf(s.text)) ?? 1) - 1));
  out.sort((a, b) => b.score - a.score || a.text.length - b.text.length);
  preferWholeList(out);
  return out;
}

/**
 * When the best answer opens a list ("weapons" in "from weapons to wives, housing, passports"),
 * the whole list answers better: promote it if it scored close behind.
 */
function preferWholeList(ranked: Scored[]): void {
  const best = ranked[0];
  if (!best || best.candidate.kind === 'list' || best.candidate.coordinated) return;
  const k = ranked.findIndex(
    (s) => (s.candidate.kind === 'list' || s.candidate.coordinated) && s.evidence === best.evidence && s.candidate.first === best.candidate.first && s.candidate.last > best.candidate.last && s.score >= best.score - 0.15,
  );
  if (k > 0) {
    const [list] = ranked.splice(k, 1);
    ranked.unshift({ ...list!, score: Math.max(list!.score, best.score) });
  }
}

export function keyOf(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
