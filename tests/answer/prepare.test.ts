import { describe, expect, it } from 'vitest';
import { checkQuestion } from '../../src/answer/input.js';
import { prepareQuestion } from '../../src/answer/prepare.js';

describe('prepareQuestion', () => {
  it('folds whitespace for the text and keeps the asker\'s case and punctuation', () => {
    expect(prepareQuestion('  When was\tZawahiri\n killed? ')).toMatchObject({ ok: true, text: 'When was Zawahiri killed?' });
  });

  it('gives one key to questions that differ only in case, spacing, compatibility forms and closing punctuation', () => {
    const keys = ['When was Zawahiri killed?', 'when was zawahiri KILLED', ' when  was zawahiri killed?!. ', 'Ｗhen was Zawahiri killed'].map((q) => {
      const p = prepareQuestion(q);
      if (!p.ok) throw new Error(p.error);
      return p.key;
    });
    expect(new Set(keys).size).toBe(1);
    const other = prepareQuestion('Who killed Zawahiri?');
    expect(other.ok && other.key).not.toBe(keys[0]);
  });

  it('is idempotent, so the engine may prepare the text again', () => {
    const once = prepareQuestion(' Who   is the interior minister ?');
    if (!once.ok) throw new Error(once.error);
    expect(prepareQuestion(once.text)).toEqual(once);
  });

  it.each([['', 'empty'], ['???', 'no words'], ['x'.repeat(6000), 'too long'], ['a\u0007b', 'control'], [42, 'text']])(
    'rejects %j exactly as the input limits do (%s)',
    (raw: unknown, _why: string) => {
      const checked = checkQuestion(raw);
      expect(checked.ok).toBe(false);
      expect(prepareQuestion(raw)).toEqual(checked);
    },
  );
});
