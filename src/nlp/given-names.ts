/**
 * First names people are given, from the US Social Security Administration's counts
 * (training/build-names.ts says how the list was made). The lite model tags "Farah Siddiqui" and
 * "LLM APIs" alike as proper nouns; a name that opens with a given name is a person's.
 */
import { readFileSync } from 'node:fs';
import { findInSortedLines } from './sorted-lines.js';

export const GIVEN_NAMES_FILE = new URL('./given-names.txt', import.meta.url);

/** The sorted list, one name a line; read on first use, empty when the file is missing. */
let names: string | undefined;

/** Words looked up whose answers are kept: a corpus names the same people again and again. */
const GIVEN_NAMES_MEMO = 10_000;
const memo = new Map<string, boolean>();

/** Whether a lower-cased word is a given name ("farah", "niamh"). */
export function isGivenName(folded: string): boolean {
  let known = memo.get(folded);
  if (known === undefined) {
    if (names === undefined) {
      try {
        names = readFileSync(GIVEN_NAMES_FILE, 'utf8');
      } catch {
        names = '';
      }
    }
    known = /^[a-z]+$/.test(folded) && findInSortedLines(names, folded) !== undefined;
    if (memo.size >= GIVEN_NAMES_MEMO) memo.clear();
    memo.set(folded, known);
  }
  return known;
}
