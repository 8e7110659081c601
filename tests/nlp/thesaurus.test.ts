import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseThesaurus, SYNONYMS_FILE, thesaurus } from '../../src/nlp/thesaurus.js';
import { paraphraseVariant } from '../../src/learn/use-mixture.js';

describe('thesaurus', () => {
  // Lines sorted, as the build writes them: look-ups are a binary search.
  const t = parseThesaurus('# comment\nn pay wage,salary||\nv found establish,launch|plant|founder\nv pay |give|payment,payer\n');

  it('answers by part of speech: the verb "pay" and the noun "pay" are different words', () => {
    expect(t.of('pay', 'VERB')).toEqual(['give', 'payment', 'payer']);
    expect(t.of('pay', 'NOUN')).toEqual(['wage', 'salary']);
    expect(t.of('pay', 'PROPN')).toEqual([]);
    expect(t.of('constructor', 'NOUN')).toEqual([]);
  });

  it('offers only the most frequent sense as a replacement word', () => {
    expect(t.closest('found', 'VERB')).toEqual(['establish', 'launch']);
    expect(t.closest('pay', 'VERB')).toEqual([]);
  });

  it('finds every line of the shipped table, which is sorted for the binary search', () => {
    const text = readFileSync(SYNONYMS_FILE, 'utf8');
    const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(10_000);
    expect([...lines].sort()).toEqual(lines);
    const shipped = parseThesaurus(text);
    const tag = { n: 'NOUN', v: 'VERB', a: 'ADJ', r: 'ADV' } as const;
    const missing = lines.filter((l) => {
      const [pos, word] = l.split(' ') as [keyof typeof tag, string];
      return shipped.of(word, tag[pos]).length === 0;
    });
    expect(missing).toEqual([]);
  });

  it('ships WordNet\'s synonyms and derived forms of common words', () => {
    const shipped = thesaurus();
    expect(shipped.of('pay', 'VERB')).toContain('payment');
    expect(shipped.of('found', 'VERB')).toContain('establish');
  });
});

describe('reworded questions', () => {
  const t = parseThesaurus('n club society||\nv conquer seize||\nv found establish||\n');

  it('swaps common words for a synonym, never names or numbers, the same way every time', () => {
    const q = 'Who founded the club in 2019 with Club Penguin?';
    const once = paraphraseVariant(q, t);
    expect(paraphraseVariant(q, t)).toBe(once);
    expect(once).toMatch(/Club Penguin\?$/);
    expect(once).toContain('2019');
    expect(once).not.toBe(q);
  });

  it('leaves a question with no known synonym as it is', () => {
    expect(paraphraseVariant('Where is Kabul?', t)).toBe('Where is Kabul?');
  });
});
