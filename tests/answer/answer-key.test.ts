import { describe, expect, it } from 'vitest';
import { answerKey } from '../../src/answer/pipeline.js';
import { foldWord } from '../../src/nlp/terms.js';

/** What the key was before ASCII took its short way: foldWord, then runs of other characters as one space. */
const folded = (text: string) => foldWord(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe('answer keys', () => {
  it('are the same on the ASCII short way as through foldWord, for every short string of tricky characters and random ASCII', () => {
    const alphabet = ['a', 'Z', '0', "'", '.', ' ', '\t', '-', '_', '\n', 's', '\x7f', '\x00'];
    const all = (prefix: string, depth: number): string[] => [prefix, ...(depth ? alphabet.flatMap((c) => all(prefix + c, depth - 1)) : [])];
    let seed = 7;
    const random = Array.from({ length: 20000 }, () => String.fromCharCode(...Array.from({ length: (seed = (seed * 1103515245 + 12345) >>> 0) % 12 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 128)));
    for (const text of [...all('', 3), ...random, "Haqqani's", 'U.S.', 'July 31, 2022.', '$194.4 million']) expect(answerKey(text), JSON.stringify(text)).toBe(folded(text));
  });

  it('fold case, accents, apostrophes and punctuation', () => {
    expect(answerKey("Sirajuddin Haqqani's")).toBe('sirajuddin haqqanis');
    expect(answerKey('Gospić, Croatia.')).toBe('gospic croatia');
    expect(answerKey('U.S.')).toBe('u s');
    expect(answerKey('  —  ')).toBe('');
  });
});
