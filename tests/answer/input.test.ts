import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkQuestion } from '../../src/answer/input.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';

// Invisible format characters (Unicode category Cf) arrive with pasted text.
const JOINING = ['\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u202A', '\u202C', '\u061C'];

describe('checkQuestion strips format characters', () => {
  it('a zero-width space separates words; joiners, BOM, soft hyphens and direction marks vanish', () => {
    expect(checkQuestion('who\u200bkilled zawahiri')).toEqual({ ok: true, question: 'who killed zawahiri' });
    for (const ch of JOINING) {
      expect(checkQuestion(`Who killed Za${ch}wa${ch}hiri?${ch}`), JSON.stringify(ch)).toEqual({ ok: true, question: 'Who killed Zawahiri?' });
    }
  });

  it('every Cf character in the Basic Multilingual Plane is removed', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (!/\p{Cf}/u.test(ch)) continue;
      const checked = checkQuestion(`when${ch}was${ch} it`);
      expect(checked.ok && !/\p{Cf}/u.test(checked.question), cp.toString(16)).toBe(true);
    }
  });

  it('a question of format characters only is empty, and the check keeps its other rejections', () => {
    expect(checkQuestion('\u200b\u200d\ufeff\u00ad')).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(checkQuestion('who\u0007killed')).toMatchObject({ ok: false, error: expect.stringMatching(/control/) });
    expect(checkQuestion('\u200b?!\u2060')).toMatchObject({ ok: false, error: expect.stringMatching(/no words/) });
  });
});

const shipped = await loadCorpus('corpus');

describe('questions with zero-width characters are answered like clean ones', () => {
  const engine = createEngine(shipped);
  const questions = readFileSync(new URL('../fixtures/questions.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);

  it('who\\u200bkilled zawahiri still finds the drone strike', () => {
    const clean = engine.ask('who killed zawahiri');
    const dirty = engine.ask('who\u200bkilled zawahiri');
    expect(dirty.citations[0]?.id).toBeDefined();
    expect(dirty.citations.map((c) => c.id)).toEqual(clean.citations.map((c) => c.id));
    expect(dirty.answer).toBe(clean.answer);
  });

  it.each(questions.map((q, i) => [i, q] as const))('public question %i with format characters inside words and between them', (i, q) => {
    let n = i;
    const dirty = q
      .split(' ')
      .map((w) => (w.length > 3 ? w.slice(0, 2) + JOINING[n++ % JOINING.length] + w.slice(2) : w))
      .join('\u200b');
    const clean = engine.ask(q);
    const answered = engine.ask(dirty);
    expect(answered.question).toBe(clean.question);
    expect(answered.answer).toBe(clean.answer);
    expect(answered.citations.map((c) => c.id)).toEqual(clean.citations.map((c) => c.id));
  });
});
