import { describe, expect, it } from 'vitest';
import { limitParagraphs, splitPassage } from '../../src/corpus/limits.js';

/** Every piece is a verbatim slice, in order, under the limit, and together they keep every non-space character. */
function expectFaithful(text: string, pieces: string[], max: number): void {
  let at = 0;
  for (const piece of pieces) {
    expect(piece.length).toBeGreaterThan(0);
    expect(piece.length).toBeLessThanOrEqual(max);
    expect(piece).toBe(piece.trim());
    const found = text.indexOf(piece, at);
    expect(found).toBeGreaterThanOrEqual(at);
    // Only whitespace may lie between consecutive pieces.
    expect(text.slice(at, found).trim()).toBe('');
    at = found + piece.length;
  }
  expect(text.slice(at).trim()).toBe('');
}

describe('splitPassage', () => {
  it('leaves text within the limit alone', () => {
    expect(splitPassage('Short. Text.', 12)).toEqual(['Short. Text.']);
  });

  it('cuts at the last sentence end that fits', () => {
    const text = 'One two three. Four five six! Seven eight nine? Ten eleven.';
    const pieces = splitPassage(text, 30);
    expect(pieces).toEqual(['One two three. Four five six!', 'Seven eight nine? Ten eleven.']);
    expectFaithful(text, pieces, 30);
  });

  it('keeps closing quotes and brackets with their sentence', () => {
    const pieces = splitPassage('He said "stop." Then (he left.) And went home.', 32);
    expect(pieces[0]).toBe('He said "stop." Then (he left.)');
  });

  it('falls back to the last space when one sentence is longer than the limit', () => {
    const text = 'word '.repeat(50).trim();
    const pieces = splitPassage(text, 23);
    expect(pieces.every((p) => /^word( word)*$/.test(p))).toBe(true);
    expectFaithful(text, pieces, 23);
  });

  it('hard-splits a run with no spaces, never inside a surrogate pair', () => {
    const text = '😀'.repeat(100);
    const pieces = splitPassage(text, 7);
    expectFaithful(text, pieces, 7);
    for (const p of pieces) expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(pieces.join('')).toBe(text);
  });

  it('splits a 3 MB paragraph into faithful pieces (linear: this would not finish if it were quadratic)', () => {
    const sentence = 'The committee met in Geneva on March 3, 2019, and voted seven to two for the plan. ';
    const text = (sentence.repeat(20_000) + 'x'.repeat(20_000) + ' ' + sentence.repeat(16_000)).trim();
    const pieces = splitPassage(text, 5_000);
    expectFaithful(text, pieces, 5_000);
    // Sentence runs are packed: apart from the unbroken run, pieces end at a full stop.
    expect(pieces.filter((p) => !p.endsWith('.')).length).toBeLessThanOrEqual(5);
  });

  it('random text and limits: always faithful', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'b', ' ', ' ', '.', '!', '"', ')', '\n', 'é', '😀'];
    for (let round = 0; round < 200; round++) {
      const length = Math.floor(random() * 400);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      text = text.trim();
      if (!text) continue;
      const max = 2 + Math.floor(random() * 60);
      expectFaithful(text, splitPassage(text, max), max);
    }
  });
});

describe('limitParagraphs', () => {
  it('splits only the long paragraphs and keeps each one\u2019s own metadata', () => {
    const long = 'First sentence here. Second sentence here. Third one.';
    const out = limitParagraphs(['short', { text: long, source: 'Wire', date: 'May 1st, 2024' }], 25);
    expect(out.split).toBe(1);
    expect(out.pieces).toBe(3);
    expect(out.paragraphs).toEqual([
      'short',
      { text: 'First sentence here.', source: 'Wire', date: 'May 1st, 2024' },
      { text: 'Second sentence here.', source: 'Wire', date: 'May 1st, 2024' },
      { text: 'Third one.', source: 'Wire', date: 'May 1st, 2024' },
    ]);
  });
});
