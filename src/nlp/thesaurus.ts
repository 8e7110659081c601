/**
 * WordNet's synonyms and derived forms of common words, by part of speech ("pay" ~ "payment",
 * "set" ~ "establish"), read from synonyms.txt beside this file (built by
 * training/build-synonyms.ts). Read once, on the first question that needs it; a missing or
 * unreadable file means no synonyms, never a failed answer.
 */
import { readFileSync } from 'node:fs';
import { findInSortedLines } from './sorted-lines.js';

export const WORDNET_POS = ['n', 'v', 'a', 'r'] as const;
export type WordnetPos = (typeof WORDNET_POS)[number];

export const SYNONYMS_FILE = new URL('./synonyms.txt', import.meta.url);

/** wink's universal POS tags to WordNet's four files; other tags have no synonyms. */
const POS_OF_TAG: ReadonlyMap<string, WordnetPos> = new Map([
  ['NOUN', 'n'],
  ['VERB', 'v'],
  ['ADJ', 'a'],
  ['ADV', 'r'],
]);

export interface Thesaurus {
  /** Synonyms (of its two most frequent senses) and derived forms of a lower-case word used as `tag` (wink's POS), without the word itself. */
  of(word: string, tag: string): readonly string[];
  /** Synonyms of its most frequent sense only: what a paraphrase may put in its place. */
  closest(word: string, tag: string): readonly string[];
}

const NONE: readonly string[] = [];
/** (word, tag) look-ups whose answers are kept. */
const THESAURUS_MEMO = 20_000;

/** Lines are "pos word first,sense|second,sense|derived,forms", sorted, and looked up in the text itself. */
export function parseThesaurus(text: string): Thesaurus {
  const body = text.startsWith('#') ? text.slice(text.indexOf('\n') + 1) : text;
  const find = (key: string) => findInSortedLines(body, key);
  const groups = (word: string, tag: string): string[] | null => {
    const pos = POS_OF_TAG.get(tag);
    const line = pos && find(`${pos} ${word}`);
    return line ? line.split('|') : null;
  };
  const words = (group: string) => group.split(',').filter(Boolean);
  // Questions repeat their words: each (word, tag) is looked up once, its frozen answer kept.
  const memo = new Map<string, readonly string[]>();
  const remember = (key: string, make: () => readonly string[]): readonly string[] => {
    let found = memo.get(key);
    if (!found) {
      if (memo.size >= THESAURUS_MEMO) memo.clear();
      memo.set(key, (found = Object.freeze(make())));
    }
    return found;
  };
  return {
    of: (word, tag) => remember(`of ${tag} ${word}`, () => groups(word, tag)?.flatMap(words) ?? NONE),
    closest: (word, tag) => remember(`closest ${tag} ${word}`, () => words(groups(word, tag)?.[0] ?? '')),
  };
}

let loaded: Thesaurus | undefined;

export function thesaurus(): Thesaurus {
  if (!loaded) {
    try {
      loaded = parseThesaurus(readFileSync(SYNONYMS_FILE, 'utf8'));
    } catch {
      loaded = { of: () => NONE, closest: () => NONE };
    }
  }
  return loaded;
}
