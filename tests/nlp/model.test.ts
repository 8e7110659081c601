import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import winkNLP, { type Model } from 'wink-nlp';
import { isLexemeListSorted, lexemeIndex, loadCoreModel, loadModel } from '../../src/nlp/model.js';

const require = createRequire(import.meta.url);

describe('loadModel (fast wink-eng-lite-web-model)', () => {
  it('builds exactly the core model the package itself builds', () => {
    const theirs = (require('wink-eng-lite-web-model') as { core(): unknown }).core();
    const ours = loadCoreModel();
    // toStrictEqual compares typed arrays element by element and Sets by content.
    expect(ours).toStrictEqual(theirs);
  });

  it('has every part of the package model, with the same loaders and add-ons', () => {
    const theirs = require('wink-eng-lite-web-model') as Record<string, unknown> & { addons: Record<string, unknown> };
    const ours = loadModel() as unknown as Record<string, unknown> & { addons: Record<string, unknown> };
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const key of Object.keys(theirs)) if (key !== 'core' && key !== 'addons') expect(ours[key], key).toBe(theirs[key]);
    expect(ours.addons).toEqual(theirs.addons);
  });

  it('without negation and sentiment in the pipe, analyses text exactly as the package model does', () => {
    const pipe = ['sbd', 'pos', 'ner', 'cer'] as const;
    const text =
      'Ayman al-Zawahiri, the leader of al Qaeda, was killed on July 31, 2022 in a U.S. drone strike in Kabul. ' +
      "He didn't survive; the Taliban's interior minister, Sirajuddin Haqqani, reportedly hosted him for $10 million.";
    const analyse = (model: Model) => {
      const nlp = winkNLP(model, [...pipe]);
      const { its } = nlp;
      const doc = nlp.readDoc(text);
      return {
        tokens: doc.tokens().out(its.value),
        pos: doc.tokens().out(its.pos),
        lemmas: doc.tokens().out(its.lemma as unknown as typeof its.value),
        entities: doc.entities().out(its.detail),
        sentences: doc.sentences().out(),
      };
    };
    const ours = loadModel(pipe);
    expect((ours as unknown as { sa(): { machines: string[] } }).sa().machines).toEqual(['[100,0,{"0":{}},{},{},{}]']);
    expect(analyse(ours)).toEqual(analyse(require('wink-eng-lite-web-model') as Model));
  });
});

describe('lexemeIndex', () => {
  const list = (loadCoreModel().features.lexeme!.list as string[]).slice();

  it('relies on an order the installed model really has, in full', () => {
    expect(isLexemeListSorted(list)).toBe(true);
  });

  it('finds every lexeme at its index, and nothing for words it does not hold', () => {
    const index = lexemeIndex(list);
    list.forEach((word, i) => expect(index[word]).toBe(i));
    for (const word of ['qxzqvjqxzk', 'Taliban’s', 'KABUL', '', 'constructor', '__proto__', 'toString']) {
      expect(index[word], word).toBe(list.indexOf(word) >= 0 ? list.indexOf(word) : undefined);
    }
  });

  it('keeps the words wink adds, as the plain object did', () => {
    const grown = list.slice();
    const index = lexemeIndex(grown);
    expect(index['Zawahiriism']).toBeUndefined();
    index['Zawahiriism'] = grown.push('Zawahiriism') - 1;
    expect(index['Zawahiriism']).toBe(grown.length - 1);
    expect('Zawahiriism' in index).toBe(true);
    expect(Object.keys(index)).toHaveLength(grown.length);
  });

  it('falls back to a plain table for a list in another order', () => {
    const shuffled = ['$%^oov^%$', 'zebra', 'apple', 'Mango'];
    const index = lexemeIndex(shuffled);
    expect(index['apple']).toBe(2);
    expect(index['Mango']).toBe(3);
    expect(index['mango']).toBeUndefined();
  });
});
