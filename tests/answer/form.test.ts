import { describe, expect, it } from 'vitest';
import { formOf } from '../../src/answer/form.js';
import { analyseQuestion, type Vocabulary } from '../../src/answer/question.js';

const vocab: Vocabulary = { has: () => true, nearest: () => [] };
const form = (line: string, forced = false) => formOf(analyseQuestion(line, vocab, forced ? 'when' : undefined), forced);

describe('question form', () => {
  it.each(['help', 'exit', 'quit', 'hi', 'hello there', 'thanks!', 'ok', 'taliban', 'zawahiri killed july', 'how are you', "what's up", '🙂 lol'])('"%s" is not a question', (line) => {
    const f = form(line);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.kind).toBe('not-a-question');
  });

  it.each(['Is Zawahiri dead?', 'did the taliban take kabul in 2021', 'Was the deal signed by Qatar?', 'so, has the ceasefire held?'])('"%s" is a yes/no question, said plainly', (line) => {
    const f = form(line);
    expect(f.ok).toBe(false);
    if (!f.ok) {
      expect(f.kind).toBe('yes-no');
      expect(f.message).toMatch(/yes\/no/i);
    }
  });

  it.each(['Who killed Zawahiri?', 'when was the strike', 'In what year did the regime fall?', 'Why did the talks collapse?', 'How did they fund it?', 'name the interior minister', 'and where did the strike happen?', 'whats the deadline', 'so wheres the quiet room', 'hows judging done'])('"%s" is a question', (line) => {
    expect(form(line).ok).toBe(true);
  });

  it.each([
    'Did the plague spread in Scandinavia or Germany first?',
    'Other than the San Andreas Fault, name one other fault.',
    'Sophocles wrote about civil disobedience in a play that was called?',
    'What are you told to bring to the hearing?',
  ])('"%s" asks for a span (an alternative, a request after a lead-in, an open statement)', (line) => {
    expect(form(line).ok).toBe(true);
  });

  it.each(['capital of badakhshan', 'deadline for submissions', 'membership fee', 'max team size', 'purpose of the treaty'])('"%s", a noun phrase typed as a search, is a question', (line) => {
    expect(form(line).ok).toBe(true);
  });

  it.each(['thanks for the help', 'good morning', 'good luck with the exam', 'the bot is broken', 'my build failed', 'nice bot', 'test test'])('"%s" is still no question', (line) => {
    expect(form(line).ok).toBe(false);
  });

  it.each(['lol?', 'who are you?', 'what are u'])('"%s" is still not a question', (line) => {
    expect(form(line).ok).toBe(false);
  });

  it('takes a bare phrase as a question when the command fixes the type (/when zawahiri killed)', () => {
    expect(form('zawahiri killed', true).ok).toBe(true);
  });

  it('asks for more than a lone wh-word', () => {
    const f = form('who?');
    expect(f.ok).toBe(false);
  });
});
