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
 * The words are the runs between white space (what trim().split(/\s+/) gives), read in one
 * pass over the char codes: cheaper than looking the surface up in a memo, which hashes it.
 */
export function isNameLike(surface: string): boolean {
  let some = false;
  const n = surface.length;
  let i = 0;
  while (i < n) {
    const c = surface.charCodeAt(i);
    if (isSpaceAt(surface, i, c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isSpaceAt(surface, j, surface.charCodeAt(j))) j++;
    // A word [i, j): it starts with a capital or a digit, or it is a particle.
    if (c < 128 ? (c >= 65 && c <= 90) || (c >= 48 && c <= 57) : CAPITAL_OR_NUMBER.test(surface.slice(i, j))) some = true;
    else if (!NAME_PARTICLES.has(surface.slice(i, j))) return false;
    i = j;
  }
  return some;
}
const CAPITAL_OR_NUMBER = /^[\p{Lu}\p{N}]/u;
const SPACE = /\s/;
/** Whether the char code `c` at `i` is white space as \s has it (tab to carriage return and space in ASCII). */
const isSpaceAt = (s: string, i: number, c: number) => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE.test(s[i]!));

/**
 * One group key per member: a key that ends a longer name-like key (word for word) joins that
 * key's group, unless it ends longer names of different groups ("Smith" after "Adam Smith" and
 * "John Smith"), when it stays on its own.
 */
export function answerGroups(members: readonly GroupMember[]): string[] {
  // A key is name-like when every member with it is.
  const nameLike = new Map<string, boolean>();
  for (const m of members) if (nameLike.get(m.key) !== false) nameLike.set(m.key, isNameLike(m.surface));
  // Per key, the name-like keys that end with it word for word (" " and the key). Only keys of
  // more words can, so a key's group follows from theirs, worked out first (groupOf recurses
  // into longer keys only); whether they all share one group does not depend on their order.
  const endingWith = new Map<string, string[]>();
  for (const [longer, like] of nameLike) {
    if (!like || longer.length === 0) continue;
    for (let at = longer.indexOf(' '); at >= 0; at = longer.indexOf(' ', at + 1)) {
      const tail = longer.slice(at + 1);
      const list = endingWith.get(tail);
      if (list) list.push(longer);
      else endingWith.set(tail, [longer]);
    }
  }
  if (endingWith.size === 0) return members.map((m) => m.key);
  const group = new Map<string, string>();
  const groupOf = (k: string): string => {
    const longer = k.length > 0 ? endingWith.get(k) : undefined;
    if (!longer) return k;
    let g = group.get(k);
    if (g === undefined) {
      const joined = groupOf(longer[0]!);
      g = joined;
      for (let i = 1; i < longer.length; i++) {
        if (groupOf(longer[i]!) !== joined) {
          g = k;
          break;
        }
      }
      group.set(k, g);
    }
    return g;
  };
  return members.map((m) => groupOf(m.key));
}
