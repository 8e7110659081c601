import { describe, expect, it } from 'vitest';
import { termOf, tokenizeTerms } from '../../src/nlp/terms.js';

describe('termOf', () => {
  it('maps irregular forms to their base and stems the rest', () => {
    expect(termOf('took')).toBe(termOf('take'));
    expect(termOf('Talibans')).toBe(termOf("Taliban's"));
  });

  it('gives a string for words that name Object.prototype members', () => {
    for (const w of ['constructor', 'Constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
      expect(typeof termOf(w)).toBe('string');
    }
    expect(termOf('constructors')).toBe(termOf('constructor'));
    expect(tokenizeTerms('The constructor').map((t) => typeof t.term)).toEqual(['string', 'string']);
  });
});
