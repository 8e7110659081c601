import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../../src/corpus/jsonl.js';

describe('parseJsonl', () => {
  it('reads one document per line, splitting text on newlines and ignoring extra fields', () => {
    const wiki = { id: '12', title: 'Anarchism', url: 'http://en.wikipedia.org/wiki?curid=12', src: 'text/AA/wiki_00', text: 'Para one.\n\nPara two.\n' };
    const text = `${JSON.stringify(wiki)}\n\n${JSON.stringify({ title: 'B', text: 'Only.', source: 'S', date: '2024-01-01', url: null })}\n`;
    const { docs, warnings } = parseJsonl(text, 'w.jsonl');
    expect(warnings).toEqual([]);
    expect(docs).toEqual([
      { key: '1', title: 'Anarchism', source: null, date: null, url: 'http://en.wikipedia.org/wiki?curid=12', paragraphs: ['Para one.', 'Para two.'] },
      { key: '3', title: 'B', source: 'S', date: '2024-01-01', url: null, paragraphs: ['Only.'] },
    ]);
  });

  it('turns each malformed line into one warning naming file:line and keeps the rest', () => {
    const lines = [
      '{"title": "ok", "text": "fine"}',
      '{not json',
      '{"text": "no title"}',
      '{"title": "no text"}',
      '{"title": 5, "text": "x"}',
      '{"title": "t", "text": ["x"]}',
      '{"title": "t", "text": "x", "date": 2024}',
      '[1, 2]',
      '{"title": "t", "text": "  \\n "}',
      '{"title": "ok2", "text": "also fine"}',
    ];
    const { docs, warnings } = parseJsonl(lines.join('\n'), 'd.jsonl');
    expect(docs.map((d) => d.key)).toEqual(['1', '10']);
    expect(warnings.map((w) => w.file)).toEqual(['d.jsonl:2', 'd.jsonl:3', 'd.jsonl:4', 'd.jsonl:5', 'd.jsonl:6', 'd.jsonl:7', 'd.jsonl:8', 'd.jsonl:9']);
    expect(warnings[0]!.reason).toMatch(/^invalid JSON/);
    expect(warnings.slice(1).map((w) => w.reason)).toEqual([
      'missing "title"',
      'missing "text"',
      '"title" must be a string',
      '"text" must be a string',
      '"date" must be a string or null',
      'not a JSON object',
      '"text" is empty',
    ]);
  });

  it('reports a file of blank lines as empty', () => {
    expect(parseJsonl('\n \n', 'e.jsonl')).toEqual({ docs: [], warnings: [{ file: 'e.jsonl', reason: 'empty file' }] });
  });
});
