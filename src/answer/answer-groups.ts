/**
 * Which candidate answers are one answer. Copies of the same text always are (their answer keys
 * match); so is a name and the longer name it ends: "Schindler", "Jakob Schindler" and
 * "Hans-Jakob Schindler", or "2022" and "July 31, 2022". Left apart, such variants split the span
 * model's probability between them, and a lesser answer that has no variants ("Berlin") outranks
 * every one of them. Serving and training group the same way, so the confidence is calibrated on
 * what serving decides.
 */
import { NAME_PARTICLES } from '../nlp/lexicon.js';

export interface GroupMember {
  /** The answer key: lower case, punctuation folded (pipeline's answerKey). */
  key: string;
  /** The answer as the passage writes it. */
  surface: string;
}

/**
 * Every word a capitalised name, a number or a name particle ("al Qaeda"): only such spans nest
 * as variants of one answer. "of" is no particle, so "England" is not "Bank of England".
 */
function isNameLike(surface: string): boolean {
  let known = nameLikeMemo.get(surface);
  if (known === undefined) {
    const words = surface.trim().split(/\s+/);
    known = words.some((w) => CAPITAL_OR_NUMBER.test(w)) && words.every((w) => CAPITAL_OR_NUMBER.test(w) || NAME_PARTICLES.has(w));
    // The same passages' spans come back question after question: each surface is read once.
    if (nameLikeMemo.size >= NAME_LIKE_MEMO) nameLikeMemo.clear();
    nameLikeMemo.set(surface, known);
  }
  return known;
}
const CAPITAL_OR_NUMBER = /^[\p{Lu}\p{N}]/u;
const NAME_LIKE_MEMO = 50_000;
const nameLikeMemo = new Map<string, boolean>();

/**
 * One group key per member: a key that ends a longer name-like key (word for word) joins that
 * key's group, unless it ends longer names of different groups ("Smith" after "Adam Smith" and
 * "John Smith"), when it stays on its own.
 */
export function answerGroups(members: readonly GroupMember[]): string[] {
  const words = new Map<string, number>();
  const nameLike = new Map<string, boolean>();
  for (const m of members) {
    if (!words.has(m.key)) words.set(m.key, wordCount(m.key));
    nameLike.set(m.key, (nameLike.get(m.key) ?? true) && isNameLike(m.surface));
  }
  // Longest first, so a key's longer variants have their groups before it is placed.
  const byLength: Array<{ key: string; words: number }> = [];
  for (const [key, n] of words) if (key.length > 0) byLength.push({ key, words: n });
  byLength.sort((a, b) => b.words - a.words || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = byLength.map((e) => e.key);
  // Per key, the name-like keys that end with it word for word (" " and the key), in the order above: only keys
  // of more words can, so each is placed before any key it ends with.
  const endingWith = new Map<string, string[]>();
  for (const longer of keys) {
    if (!nameLike.get(longer)) continue;
    for (let at = longer.indexOf(' '); at >= 0; at = longer.indexOf(' ', at + 1)) {
      const tail = longer.slice(at + 1);
      const list = endingWith.get(tail);
      if (list) list.push(longer);
      else endingWith.set(tail, [longer]);
    }
  }
  const group = new Map<string, string>();
  for (const k of keys) {
    let joined: string | null = null;
    let ambiguous = false;
    for (const longer of endingWith.get(k) ?? []) {
      const g = group.get(longer)!;
      if (joined === null) joined = g;
      else if (joined !== g) {
        ambiguous = true;
        break;
      }
    }
    group.set(k, !ambiguous && joined !== null ? joined : k);
  }
  return members.map((m) => group.get(m.key) ?? m.key);
}

const wordCount = (k: string) => {
  if (!k) return 0;
  let n = 1;
  for (let i = 0; i < k.length; i++) if (k.charCodeAt(i) === 32) n++;
  return n;
};
