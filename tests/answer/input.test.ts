import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gateQuestion, MAX_QUESTION_CHARS, REJECTED_ECHO_CHARS, rejectedAnswer, type Gated } from '../../src/answer/input.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { createEngine } from '../../src/engine.js';
import { ask } from '../../test-support/fake-engine.js';

// Invisible format characters (Unicode category Cf) arrive with pasted text.
const JOINING = ['\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u202A', '\u202C', '\u061C'];

const asIs = { restoreCase: (text: string) => text };
const gate = (raw: unknown, options: Partial<Parameters<typeof gateQuestion>[1]> = {}): Gated => gateQuestion(raw, { engine: asIs, ...options });
/** The text that passed, or the rejection's message. */
const textOf = (g: Gated) => (g.ok ? g.question.text : `rejected: ${g.error}`);

describe('the gate strips format characters', () => {
  it('a zero-width space separates words; joiners, BOM, soft hyphens and direction marks vanish', () => {
    expect(textOf(gate('who\u200bkilled zawahiri'))).toBe('who killed zawahiri');
    for (const ch of JOINING) {
      expect(textOf(gate(`Who killed Za${ch}wa${ch}hiri?${ch}`)), JSON.stringify(ch)).toBe('Who killed Zawahiri?');
    }
  });

  it('every Cf character in the Basic Multilingual Plane is removed', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      const ch = String.fromCharCode(cp);
      if (!/\p{Cf}/u.test(ch)) continue;
      const gated = gate(`when${ch}was${ch} it`);
      expect(gated.ok && !/\p{Cf}/u.test(gated.question.text), cp.toString(16)).toBe(true);
    }
  });

  it('a question of format characters only is empty, and the gate keeps its other rejections', () => {
    expect(gate('\u200b\u200d\ufeff\u00ad')).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(gate('who\u0007killed')).toMatchObject({ ok: false, error: expect.stringMatching(/control/) });
    expect(gate('\u200b?!\u2060')).toMatchObject({ ok: false, error: expect.stringMatching(/no words/) });
  });
});

describe('the gate reads a question without its mentions', () => {
  it('drops user, role and channel mentions, @everyone and @here from what the reader reads and the cache key, and echoes the text as typed', () => {
    const g = gate('@everyone <@&123456789012345678> when was <@!42> zawahiri killed <#99>?');
    expect(g.ok && g.question.read).toBe('when was zawahiri killed ?');
    expect(g.ok && g.question.key).toBe((gate('when was zawahiri killed?') as { question: { key: string } }).question.key);
    expect(g.ok && g.question.text).toBe('@everyone <@&123456789012345678> when was <@!42> zawahiri killed <#99>?');
    // An address is no mention.
    expect(textOf(gate('mail me@here.com')) && (gate('mail me@here.com') as { question: { read: string } }).question.read).toBe('mail me@here.com');
  });

  it('a question that is only mentions is rejected with a message saying so', () => {
    expect(gate('<@123> @here')).toMatchObject({ ok: false, error: expect.stringMatching(/only a mention/) });
  });
});

describe('the gate reads a question without its chat wrapping', () => {
  const read = (raw: string) => {
    const g = gate(raw);
    return g.ok ? g.question.read : `rejected: ${g.error}`;
  };

  it('drops openers and closers around a wh-question from what the reader reads and the cache key, and echoes the text as typed', () => {
    expect(read('quick q: when was zawahiri killed')).toBe('when was zawahiri killed');
    expect(read('hey all, quick question: who runs the server? thanks!')).toBe('who runs the server?');
    expect(read('does anyone know where the showers are pls')).toBe('where the showers are');
    expect(read('Can you tell me how much the deposit is?')).toBe('how much the deposit is?');
    expect(read("I was wondering which room it's in lol")).toBe("which room it's in");
    expect(read('btw who leads the taliban')).toBe('who leads the taliban');
    const g = gate('btw who leads the taliban?');
    expect(g.ok && g.question.text).toBe('btw who leads the taliban?');
    expect(g.ok && g.question.key).toBe((gate('Who leads the Taliban?') as { question: { key: string } }).question.key);
  });

  it('leaves a question alone when no wh-question is inside the wrapping, or the words are the question\'s own', () => {
    for (const q of ['hey, is Kabul the capital?', 'what is the song Hey Jude about', 'Who leads the Taliban?', 'so what', 'thanks!']) expect(read(q)).toBe(q);
  });
});

describe('the gate', () => {
  it('folds whitespace for the text and keeps the asker\'s case and punctuation', () => {
    expect(textOf(gate('  When was\tZawahiri\n killed? '))).toBe('When was Zawahiri killed?');
  });

  it('gives one key to questions that differ only in case, spacing, compatibility forms and closing punctuation', () => {
    const keys = ['When was Zawahiri killed?', 'when was zawahiri KILLED', ' when  was zawahiri killed?!. ', 'Ｗhen was Zawahiri killed'].map((q) => {
      const g = gate(q);
      if (!g.ok) throw new Error(g.error);
      return g.question.key;
    });
    expect(new Set(keys).size).toBe(1);
    const other = gate('Who killed Zawahiri?');
    expect(other.ok && other.question.key).not.toBe(keys[0]);
  });

  it('restores the corpus\'s capitals for what the reader reads, and leaves the text as asked', () => {
    const g = gate('who runs the kabul faction?', { engine: { restoreCase: (t) => t.replace('kabul', 'Kabul') } });
    expect(g).toMatchObject({ ok: true, question: { text: 'who runs the kabul faction?', read: 'who runs the Kabul faction?' } });
  });

  it('keeps a fixed type, and turns a short follow-up into a question about the previous subject', () => {
    expect(gate('zawahiri killed', { type: 'when' })).toMatchObject({ ok: true, question: { text: 'zawahiri killed', type: 'when' } });
    const previous = { question: 'When was Ayman al-Zawahiri killed?', type: 'when' as const };
    expect(gate(' and  where? ', { previous })).toMatchObject({ ok: true, question: { text: 'Where was Ayman al-Zawahiri killed?', type: 'where', followUp: true } });
    // A question with words of its own is asked as typed; so is anything once a type is fixed.
    expect(gate('Where is the gold mine?', { previous })).toMatchObject({ ok: true, question: { text: 'Where is the gold mine?' } });
    expect((gate('and where?', { previous, type: 'what' }) as { question: object }).question).not.toHaveProperty('followUp');
  });

  it('checks a follow-up built from a long question against the limits too', () => {
    // Two characters under the limit; "how much" is four longer than "when".
    const previous = { question: `When was ${'x '.repeat((MAX_QUESTION_CHARS - 18) / 2)}killed?`, type: 'when' as const };
    expect(previous.question).toHaveLength(MAX_QUESTION_CHARS - 2);
    expect(gate('and how much?', { previous })).toMatchObject({ ok: false, error: expect.stringMatching(/too long/) });
  });

  it.each([['', 'empty'], ['???', 'no words'], ['x'.repeat(6000), 'too long'], ['a\u0007b', 'control'], [42, 'text']])(
    'rejects %j (%s), echoing at most the first characters',
    (raw: unknown, why: string) => {
      const g = gate(raw);
      expect(g).toMatchObject({ ok: false, error: expect.stringContaining(why === 'text' ? 'must be text' : why) });
      if (!g.ok) expect(g.echo.length).toBeLessThanOrEqual(REJECTED_ECHO_CHARS + 1);
    },
  );

  it('builds the one rejected-answer shape, key order included (the JSON line contract)', () => {
    expect(JSON.stringify(rejectedAnswer('q', undefined, 'why', 2))).toBe('{"question":"q","type":"what","answer":null,"confidence":0,"citations":[],"ms":2,"error":"why"}');
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
    const clean = ask(engine, 'who killed zawahiri');
    const dirty = ask(engine, 'who\u200bkilled zawahiri');
    expect(dirty.citations[0]?.id).toBeDefined();
    expect(dirty.citations.map((c) => c.id)).toEqual(clean.citations.map((c) => c.id));
    expect(dirty.answer).toBe(clean.answer);
  });

  const WRAPPINGS = ['quick q: {}', 'hey all, {}', 'btw {}', 'does anyone know {}', 'can you tell me {}', '{} lol', '{} pls', 'so {}', 'anyone know {} thanks'];
  it.each(questions.map((q, i) => [i, q] as const))('public question %i wrapped in chat is answered as asked plainly', (i, q) => {
    const wrapped = WRAPPINGS[i % WRAPPINGS.length]!.replace('{}', q);
    const plain = ask(engine, q);
    const answered = ask(engine, wrapped);
    expect(answered.question).toBe(wrapped);
    expect(answered.answer).toBe(plain.answer);
    expect(answered.confidence).toBe(plain.confidence);
    expect(answered.citations.map((c) => c.id)).toEqual(plain.citations.map((c) => c.id));
  });

  it.each(questions.map((q, i) => [i, q] as const))('public question %i with format characters inside words and between them', (i, q) => {
    let n = i;
    const dirty = q
      .split(' ')
      .map((w) => (w.length > 3 ? w.slice(0, 2) + JOINING[n++ % JOINING.length] + w.slice(2) : w))
      .join('\u200b');
    const clean = ask(engine, q);
    const answered = ask(engine, dirty);
    expect(answered.question).toBe(clean.question);
    expect(answered.answer).toBe(clean.answer);
    expect(answered.citations.map((c) => c.id)).toEqual(clean.citations.map((c) => c.id));
  });
});
