import { describe, expect, it } from 'vitest';
import { toJsonLine } from '../../src/cli/jsonl.js';
import type { Answer } from '../../src/answer/types.js';
import { ask, fakeEngine } from '../../test-support/fake-engine.js';

describe('toJsonLine', () => {
  it('is exactly the Answer contract, keys in a stable order, on one line', () => {
    const answer = ask(fakeEngine(), 'When was he killed?');
    const line = toJsonLine(answer);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(['question', 'type', 'answer', 'confidence', 'citations', 'ms']);
    expect(Object.keys(parsed.citations[0])).toEqual(['id', 'doc', 'title', 'source', 'date', 'passage', 'text', 'highlight']);
    expect(parsed).toMatchObject({ question: 'When was he killed?', type: 'when', answer: 'July 31, 2022', confidence: 0.82, ms: 1.23 });
    const c = parsed.citations[0];
    expect(c.text.slice(c.highlight[0], c.highlight[1])).toBe('July 31, 2022');
  });

  it('keeps reason and error only when present, and drops fields outside the contract', () => {
    const notFound = JSON.parse(toJsonLine(ask(fakeEngine(), 'gold?')));
    expect(notFound).toMatchObject({ answer: null, reason: 'not found in the corpus' });
    expect('error' in notFound).toBe(false);
    const extra = { question: '', type: 'what', answer: null, confidence: 0, citations: [], ms: 0, error: 'empty', debug: { x: 1 } } as Answer;
    expect(JSON.parse(toJsonLine(extra))).toEqual({ question: '', type: 'what', answer: null, confidence: 0, citations: [], ms: 0, error: 'empty' });
  });

  it('escapes line and paragraph separators so line-splitting readers see one object', () => {
    const a: Answer = { question: 'a\u2028b\u2029c', type: 'what', answer: null, confidence: 0, citations: [], ms: 0 };
    const line = toJsonLine(a);
    expect(line).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(line).question).toBe('a\u2028b\u2029c');
  });

  it('escapes DEL and C1 controls too: the same values, but a line safe to print on a terminal', () => {
    const text = 'vault\x1b]52;c;ZWNobw==\x07 \x9b2J\x7f code';
    const a: Answer = { question: 'q', type: 'what', answer: null, confidence: 0, ms: 0, citations: [{ id: 'd#1', doc: 'd', title: 't', source: null, date: null, passage: 1, text, highlight: null }] };
    const line = toJsonLine(a);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(JSON.parse(line).citations[0].text).toBe(text);
  });
});
