/**
 * First names people are given, from the US Social Security Administration's counts
 * (training/build-names.ts says how the list was made). The lite model tags "Farah Siddiqui" and
 * "LLM APIs" alike as proper nouns; a name that opens with a given name is a person's.
 */
import { readFileSync } from 'node:fs';

export const GIVEN_NAMES_FILE = new URL('./given-names.txt', import.meta.url);

let names: ReadonlySet<string> | undefined;

/** Whether a lower-cased word is a given name ("farah", "niamh"); read on first use, empty when the file is missing. */
export function isGivenName(folded: string): boolean {
  if (!names) {
    try {
      names = new Set(readFileSync(GIVEN_NAMES_FILE, 'utf8').split('\n').filter(Boolean));
    } catch {
      names = new Set();
    }
  }
  return names.has(folded);
}
