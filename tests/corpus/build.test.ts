import { describe, expect, it } from 'vitest';
import { corpusFromDocuments } from '../../src/corpus/build.js';

describe('corpusFromDocuments', () => {
  it('numbers paragraphs from 1 and gives passages the document metadata unless they carry their own', () => {
    const corpus = corpusFromDocuments([
      { id: 'squad/normans', title: 'Normans', paragraphs: ['P one.', { text: 'P two.', source: 'Other', date: '2020' }] },
    ]);
    expect(corpus.documents[0]).toMatchObject({ id: 'squad/normans', file: 'squad/normans', source: null, date: null, url: null });
    expect(corpus.passages).toEqual([
      { id: 'squad/normans#1', doc: 'squad/normans', paragraph: 1, text: 'P one.', title: 'Normans', source: null, date: null, url: null },
      { id: 'squad/normans#2', doc: 'squad/normans', paragraph: 2, text: 'P two.', title: 'Normans', source: 'Other', date: '2020', url: null },
    ]);
    expect(corpus.warnings).toEqual([]);
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes content independently of document order and changes when text changes', () => {
    const a = { id: 'a', title: 'A', paragraphs: ['x'] };
    const b = { id: 'b', title: 'B', paragraphs: ['y'] };
    expect(corpusFromDocuments([a, b]).hash).toBe(corpusFromDocuments([b, a]).hash);
    expect(corpusFromDocuments([a, { ...b, paragraphs: ['y!'] }]).hash).not.toBe(corpusFromDocuments([a, b]).hash);
  });

  it('rejects ids that would make passage ids ambiguous', () => {
    expect(() => corpusFromDocuments([{ id: 'a', title: 'A', paragraphs: [] }, { id: 'a', title: 'B', paragraphs: [] }])).toThrow(/duplicate/);
    expect(() => corpusFromDocuments([{ id: 'a#1', title: 'A', paragraphs: [] }])).toThrow(/#/);
    expect(() => corpusFromDocuments([{ id: '', title: 'A', paragraphs: [] }])).toThrow(/empty/);
  });
});
