import { describe, expect, it } from 'vitest';
import { Lru } from '../src/lru.js';
import { loadCorpus } from '../src/corpus/load.js';
import { createEngine } from '../src/engine.js';
import { ask } from '../test-support/fake-engine.js';

describe('Lru', () => {
  it('keeps at most its capacity, dropping the least recently used first', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now more recent than b
    lru.set('c', 3);
    expect(lru.size).toBe(2);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    lru.set('c', 4);
    expect(lru.size).toBe(2);
    expect(lru.get('c')).toBe(4);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new Lru(0)).toThrow(RangeError);
  });
});

describe('the engine with a small analysis cache', () => {
  it('answers as with the default one: evicted analyses are recomputed, not lost', async () => {
    const corpus = await loadCorpus(new URL('../corpus', import.meta.url).pathname);
    const small = createEngine(corpus, { analysisCache: 1, now: () => new Date(0) });
    const big = createEngine(corpus, { now: () => new Date(0) });
    for (const q of ['When was Ayman al-Zawahiri killed?', 'Who runs the Kabul faction?', 'When was Ayman al-Zawahiri killed?']) {
      expect({ ...ask(small, q), ms: 0 }).toEqual({ ...ask(big, q), ms: 0 });
    }
  });
});
