import { describe, expect, it } from 'vitest';
import { createCaseModel } from '../../src/nlp/truecase.js';

describe('createCaseModel', () => {
  const model = (words: string[], isNameLike?: (w: string) => boolean) => {
    const m = createCaseModel(isNameLike);
    for (const w of words) m.add(w);
    return m;
  };

  it('restores words the corpus only ever capitalises, keeping everything else as typed', () => {
    const m = model(['Kabul', 'SIGAR', 'faction', 'the', 'Kabul']);
    expect(m.restore('who runs the kabul faction?')).toBe('who runs the Kabul faction?');
    expect(m.restore('what is sigar')).toBe('what is SIGAR');
  });

  it('leaves words alone that the corpus also writes in lower case', () => {
    const m = model(['Security', 'security', 'The', 'the']);
    expect(m.restore('security and the rest')).toBe('security and the rest');
  });

  it('lets the caller veto common words capitalised only in titles', () => {
    const m = model(['President', 'Biden'], (w) => w !== 'president');
    expect(m.restore('president biden')).toBe('president Biden');
  });

  it('capitalises only the initial when the question spells the word differently', () => {
    const m = model(['Talibans']);
    expect(m.restore("the taliban's money")).toBe("the Taliban's money");
  });
});
