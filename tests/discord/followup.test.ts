import { describe, expect, it } from 'vitest';
import { resolveFollowUp, subjectOf } from '../../src/answer/followup.js';

const prev = { question: 'Who killed al-Zawahiri?', type: 'who' as const };

describe('resolveFollowUp', () => {
  it.each([
    ['and when?', { question: 'When killed al-Zawahiri?', type: 'when' }],
    ['When?', { question: 'When killed al-Zawahiri?', type: 'when' }],
    ['how much?', { question: 'How much killed al-Zawahiri?', type: 'how_much' }],
    ['and where did it happen?', { question: 'Where killed al-Zawahiri?', type: 'where' }],
    ['ok, what year was that exactly', { question: 'What year killed al-Zawahiri?', type: 'when' }],
    ['and what about where?', { question: 'Where killed al-Zawahiri?', type: 'where' }],
    ['by whom?', { question: 'By whom killed al-Zawahiri?', type: 'who' }],
  ])('%s → a question about the same subject', (next, expected) => {
    expect(resolveFollowUp(prev, next)).toEqual(expected);
  });

  it('keeps the auxiliary, so the new question still reads as one', () => {
    expect(resolveFollowUp({ question: 'When was Zawahiri killed?', type: 'when' }, 'and where?')).toEqual({ question: 'Where was Zawahiri killed?', type: 'where' });
    expect(resolveFollowUp({ question: 'How much did al Qaeda earn from the mines?', type: 'how_much' }, 'when?')).toEqual({
      question: 'When did al Qaeda earn from the mines?',
      type: 'when',
    });
  });

  it('works on a terse previous question (from /when zawahiri killed)', () => {
    expect(resolveFollowUp({ question: 'zawahiri killed', type: 'when' }, 'who?')).toEqual({ question: 'Who zawahiri killed?', type: 'who' });
  });

  it('chains: a resolved follow-up can be followed up again', () => {
    const first = resolveFollowUp(prev, 'and when?')!;
    expect(resolveFollowUp(first, 'where?')).toEqual({ question: 'Where killed al-Zawahiri?', type: 'where' });
  });

  it.each(['Who is the interior minister?', 'when did the Taliban take Kabul?', 'how much gold', 'thanks!', '', 'and?'])(
    '%j is a question of its own (or none): null',
    (next) => {
      expect(resolveFollowUp(prev, next)).toBeNull();
    },
  );

  it('returns null when the previous question has no subject left', () => {
    expect(resolveFollowUp({ question: 'Who?', type: 'who' }, 'and when?')).toBeNull();
    expect(resolveFollowUp({ question: 'and when was it?', type: 'when' }, 'where?')).toBeNull();
  });
});

describe('subjectOf', () => {
  it.each([
    ['Who killed al-Zawahiri?', 'killed al-Zawahiri'],
    ['Which group runs training camps?', 'group runs training camps'],
    ['How many mines are there', 'mines are there'],
    ['zawahiri killed', 'zawahiri killed'],
    ['and when?', null],
    ['What about where?', null],
    ['?', null],
  ])('%j → %j', (question, subject) => {
    expect(subjectOf(question)).toBe(subject);
  });
});
