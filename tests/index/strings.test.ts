import { describe, expect, it } from 'vitest';
import { buildStringTable, StringTable } from '../../src/index/strings.js';
import { buildFuzzyArrays, openFuzzy } from '../../src/index/fuzzy.js';

describe('StringTable', () => {
  const words = ['', 'kabul', 'Kabul', 'zürich', 'straße', '東京', 'naïve', 'a', 'ab', 'constructor', '__proto__'];
  const many = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
  const table = new StringTable(buildStringTable([...words, ...many]));

  it('finds every string it was given, by its position, and gives it back', () => {
    [...words, ...many].forEach((w, i) => {
      expect(table.id(w)).toBe(i);
      expect(table.get(i)).toBe(w);
    });
    expect(table.size).toBe(words.length + many.length);
  });

  it('does not find strings it was not given, however close', () => {
    for (const w of ['kabu', 'kabull', 'KABUL', 'zurich', 'strasse', '東', 'naive', 'b', 'w', 'wzzzz', 'hasOwnProperty']) {
      expect(table.id(w)).toBe(-1);
      expect(table.has(w)).toBe(false);
    }
  });

  it('works over a SharedArrayBuffer, as inside a snapshot', () => {
    const arrays = buildStringTable(['alpha', 'béta']);
    const share = <T extends Uint8Array | Uint32Array>(a: T): T => {
      const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
      copy.set(a);
      return copy;
    };
    const shared = new StringTable({ bytes: share(arrays.bytes), offsets: share(arrays.offsets), slots: share(arrays.slots) });
    expect(shared.id('béta')).toBe(1);
    expect(shared.get(1)).toBe('béta');
  });
});

describe('fuzzy vocabulary', () => {
  const terms = ['interior', 'minist', 'taliban', 'kabul', 'kabal', 'kebul', 'zawahiri', 'zawahri', 'the', 'a1b2', 'intérieur'];
  const nearest = openFuzzy(buildFuzzyArrays(terms), new StringTable(buildStringTable(terms)));

  it('finds the closest terms, in vocabulary order, at distance 1 (2 from 8 letters)', () => {
    expect(nearest('intrior')).toEqual(['interior']);
    expect(nearest('kabol')).toEqual(['kabul', 'kabal']);
    expect(nearest('zawahiry')).toEqual(['zawahiri']);
    expect(nearest('zawaahiri')).toEqual(['zawahiri']);
  });

  it('skips short words, words with digits and words too far off', () => {
    expect(nearest('teh')).toEqual([]);
    expect(nearest('a1b3')).toEqual([]);
    expect(nearest('qqqqqq')).toEqual([]);
  });
});
