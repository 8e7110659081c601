/** The patterns that tie a candidate to the question's verb, role or speaker, apart from the arithmetic in rank.ts that weighs them. */
import type { Candidate } from './candidates/index.js';
import type { QuestionAnalysis } from './question.js';
import type { Evidence } from './evidence.js';

/**
 * Role nouns the question asks about ("foreign minister", "senior director") sit next to the
 * answer in set patterns: a title before a name ("Foreign Minister Amir Khan Muttaqi"), an
 * apposition after it ("Schindler, the senior director"). A name right before the role without
 * a comma is a modifier instead ("Taliban Foreign Minister").
 */
export function roleBonus(ev: Evidence, c: Candidate, roles: ReadonlySet<string>): number {
  const toks = ev.analysis.tokens;
  if (toks[c.first - 1] && roles.has(toks[c.first - 1]!.term)) return 0.14;
  // "bin Ladens successor, [Ayman al-Zawahiri]": the role in apposition before the name.
  if (toks[c.first - 1]?.text === ',' && toks[c.first - 2] && roles.has(toks[c.first - 2]!.term)) return 0.12;
  if (toks[c.last] && roles.has(toks[c.last]!.term)) return -0.12;
  if (toks[c.last]?.text === ',') {
    for (let k = c.last + 1; k < Math.min(toks.length, c.last + 5); k++) if (roles.has(toks[k]!.term)) return 0.12;
  }
  return 0;
}

/** "He is also a deputy head of the Taliban and its interior minister": subject, copula, role. */
export function copulaRole(ev: Evidence, c: Candidate, roles: ReadonlySet<string>): boolean {
  const toks = ev.analysis.tokens;
  let i = c.anchor === c.first ? c.last : c.anchor + 1;
  if (toks[i]?.text === ',') return false;
  while (toks[i] && (toks[i]!.pos === 'ADV')) i++;
  if (!toks[i] || !/^(is|was|are|were|remains|became|becomes|serves|served)$/.test(toks[i]!.folded)) return false;
  const sentence = toks[i]!.sentence;
  for (let k = i + 1; k < Math.min(toks.length, i + 14) && toks[k]!.sentence === sentence; k++) if (roles.has(toks[k]!.term)) return true;
  return false;
}

/** Initials of the question's runs of capitalised words: "Baltic Works Authority" → "BWA". */
export function acronymsOf(q: QuestionAnalysis): string[] {
  const out: string[] = [];
  let run = '';
  for (const t of q.analysis.tokens) {
    if (/^\p{Lu}/u.test(t.text) && t.pos !== 'PUNCT') run += t.text[0];
    else if (!/^(of|for|and|the|de)$/.test(t.folded)) {
      if (run.length >= 2) out.push(run);
      run = '';
    }
  }
  if (run.length >= 2) out.push(run);
  return out;
}

const SAID = new Set(['said', 'says', 'say', 'told', 'tells', 'warned', 'warns', 'argued', 'argues', 'added', 'wrote', 'writes', 'claimed', 'claims', 'stated', 'noted', 'insisted', 'declared']);

/** "said Hans-Jakob Schindler", "Schindler said", "according to Schindler": the candidate speaks. */
export function speakerOf(ev: Evidence, c: Candidate): boolean {
  const toks = ev.analysis.tokens;
  // A name standing for a pronoun speaks where the pronoun does ("…, he said, …").
  const [first, last] = c.anchor !== c.first ? [c.anchor, c.anchor + 1] : [c.first, c.last];
  const before = toks[first - 1];
  const after = toks[last];
  return (
    (!!before && SAID.has(before.folded)) ||
    (!!after && SAID.has(after.folded)) ||
    (toks[first - 1]?.folded === 'to' && toks[first - 2]?.folded === 'according')
  );
}

const MEDIA_NOUNS = new Set(['outlet', 'newspaper', 'paper', 'publication', 'source', 'site', 'website', 'network', 'broadcaster', 'channel', 'media', 'magazine', 'publisher', 'daily', 'agency', 'station']);
/** Stems of verbs a publisher does to a headline; they are never written in the headline itself. */
export const REPORTING = new Set(['report', 'publish', 'write', 'cover', 'run', 'carri', 'ask', 'say', 'claim', 'announc', 'note', 'state', 'tell', 'wonder', 'quot']);

export function asksPublisher(q: QuestionAnalysis): boolean {
  const head = q.focus.find((f) => f.optional);
  if (head && MEDIA_NOUNS.has(head.surface.toLowerCase())) return true;
  return q.type === 'who' && q.focus.some((f) => f.pos === 'VERB' && REPORTING.has(f.term));
}

// Between a subject and its verb: auxiliaries, adverbs, and a relative "…, which is fighting".
const SKIPPABLE = new Set(['AUX', 'ADV', 'PART', 'DET', 'PUNCT', 'PRON']);

/** Whether a verb of the question follows the candidate closely: "[the Bush Institute] released …". */
export function subjectOf(ev: Evidence, c: Candidate, verbs: ReadonlySet<string>, passive = false): boolean {
  const toks = ev.analysis.tokens;
  let be = false;
  for (let i = c.last, steps = 0; i < toks.length && steps < 7; i++, steps++) {
    const t = toks[i]!;
    // "Zawahiri was killed": the subject of a passive is who it happened to, so it answers
    // "Who was killed?" but not "Who killed …?".
    if (verbs.has(t.term)) return (be && !/ing$/.test(t.folded)) === passive;
    if (BE.has(t.folded)) be = true;
    if (!SKIPPABLE.has(t.pos)) return false;
  }
  return false;
}

const BE = new Set(['is', 'was', 'are', 'were', 'been', 'being', 'be']);

/** Whether the candidate is the agent of a matched passive verb: "provided by [the General Directorate]". */
export function agentOf(ev: Evidence, c: Candidate, verbs: ReadonlySet<string>): boolean {
  const toks = ev.analysis.tokens;
  let i = c.first - 1;
  // Skip "the", "a private,", and a possessive owner ("the Talibans [General Directorate]").
  for (let steps = 0; i >= 0 && steps < 4 && ['DET', 'ADJ', 'PUNCT', 'PROPN'].includes(toks[i]!.pos) && toks[i]!.folded !== 'by'; steps++) i--;
  if (toks[i]?.folded !== 'by') return false;
  for (let k = i - 1; k >= Math.max(0, i - 3); k--) if (verbs.has(toks[k]!.term)) return true;
  return false;
}

/** Whether a verb of the question (or its noun: "announcement") precedes the candidate in the same clause. */
export function attachedAfter(ev: Evidence, c: Candidate, verbs: ReadonlySet<string>): boolean {
  const toks = ev.analysis.tokens;
  for (let i = c.first - 1, steps = 0; i >= 0 && steps < 6; i--, steps++) {
    const t = toks[i]!;
    if (verbs.has(t.term)) return true;
    if (t.pos === 'PUNCT' || t.sentence !== c.sentence) return false;
  }
  return false;
}

/** Whether the candidate directly follows a verb of the question: "running [militant training camps]". */
export function objectOf(ev: Evidence, c: Candidate, verbs: ReadonlySet<string>): boolean {
  const toks = ev.analysis.tokens;
  let i = c.first - 1;
  // Determiners, adjectives and a phrasal verb's particles: "lashes out at [the ICC]".
  for (let particles = 0; i >= 0; i--) {
    const t = toks[i]!;
    if (t.pos === 'DET' || t.pos === 'ADJ') continue;
    if ((t.pos === 'ADP' || t.pos === 'PART' || t.folded === 'out' || t.folded === 'up') && particles++ < 2) continue;
    break;
  }
  return i >= 0 && verbs.has(toks[i]!.term) && toks[i]!.sentence === c.sentence;
}

const INDEFINITE = new Set(['everything', 'anything', 'something', 'all', 'much', 'many']);

/** How far the candidate starts after the last question word of its sentence, or -1. */
export function followsMatch(ev: Evidence, c: Candidate, terms: ReadonlySet<string>, prep: string | null, verb: string | null = null): number {
  const toks = ev.analysis.tokens;
  const sent = ev.analysis.sentences[c.sentence];
  if (!sent) return -1;
  let lastMatch = -1;
  for (let i = sent.first; i < c.first; i++) if (terms.has(toks[i]!.term)) lastMatch = i;
  if (lastMatch < 0) return -1;
  if (prep) {
    let k = c.first - 1;
    while (k > lastMatch && (toks[k]!.pos === 'DET' || toks[k]!.pos === 'ADJ')) k--;
    // "with everything they need, from [weapons to wives …]": an indefinite pronoun object is
    // spelled out by what follows it in the same clause.
    if (toks[k]?.folded !== prep) {
      const p = toks.slice(Math.max(lastMatch, c.first - 9), c.first).findIndex((t, n, arr) => t.folded === prep && INDEFINITE.has(arr[n + 1]?.folded ?? ''));
      if (p < 0) return -1;
      k = Math.max(lastMatch, c.first - 9) + p;
    }
    // "repurposed for [X]": the preposition must belong to the asked verb, not to any verb
    // that happens to share a stem with a question word ("operate with impunity").
    if (verb && !toks.slice(Math.max(sent.first, k - 8), k).some((t) => t.term === verb)) return -1;
  }
  return c.first - lastMatch - 1;
}
