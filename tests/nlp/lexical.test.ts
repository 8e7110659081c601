import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { isLexicalWord, lexiconEntry, readDocAfresh } from '../../src/nlp/wink.js';

const require = createRequire(import.meta.url);
const lexicon = (JSON.parse(readFileSync(require.resolve('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json'), 'utf8')) as { features: { lexeme: { list: string[] } } }).features.lexeme.list;

describe('isLexicalWord', () => {
  it('says what lexiconEntry says, asked first: lexicon words as written, capitalised and in capitals, names, numbers, odd shapes', () => {
    const words: string[] = [];
    // Every 7th lexicon entry (contractions, abbreviations and symbols among them), three ways.
    for (let i = 1; i < lexicon.length; i += 7) {
      const w = lexicon[i]!;
      words.push(w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase());
    }
    words.push('Cannot', 'Gonna', 'Dont', "Didn't", 'Zawahiri', 'Sirajuddin', 'Taliban', 'Al-Qaeda', 'U.S.', 'UN', 'Kabul', 'Qxzqvjqxzk', 'PROPN', 'HYPHEN_NAME', 'Éire', 'İstanbul', 'Straße', 'Ⅻ', '1990s', 'COVID-19', 'Mr.', 'St', "O'Brien", 'Xi', 'Ümit');
    // As analyseText asks: right after reading a text, whose new words wink has learned.
    readDocAfresh('Sirajuddin Haqqani met Zawahiri and Qxzqvjqxzk-like officials of Al-Qaeda in Kabul.');
    const fast = words.map((w) => isLexicalWord(w));
    const slow = words.map((w) => lexiconEntry(w).lexical);
    const differ = words.filter((_, k) => fast[k] !== slow[k]);
    expect(differ).toEqual([]);
    expect(words.length).toBeGreaterThan(30_000);
    expect(fast.filter(Boolean).length).toBeGreaterThan(20_000);
    expect(fast.filter((x) => !x).length).toBeGreaterThan(5);
  });
});
