import { describe, expect, it } from 'vitest';
import { parseHeadline, parseTxt, splitTitleSource } from '../../src/corpus/txt.js';

const texts = (text: string) => parseTxt(text, 'a.txt').docs[0]!.paragraphs.map((p) => (typeof p === 'string' ? p : p.text));

describe('splitTitleSource', () => {
  it('splits at an en dash, em dash or spaced hyphen before a short publisher', () => {
    expect(splitTitleSource('Big News \u2013 Foreign Policy')).toEqual({ title: 'Big News', source: 'Foreign Policy' });
    expect(splitTitleSource('Big News \u2014 The Times')).toEqual({ title: 'Big News', source: 'The Times' });
    expect(splitTitleSource('Big News - AP')).toEqual({ title: 'Big News', source: 'AP' });
  });

  it('uses the last separator', () => {
    expect(splitTitleSource('Left - right: a story - Reuters')).toEqual({ title: 'Left - right: a story', source: 'Reuters' });
  });

  it('keeps the whole line when the tail is too long to be a publisher or there is no spaced dash', () => {
    const long = 'Why it matters - a long explanation of many many words';
    expect(splitTitleSource(long)).toEqual({ title: long, source: null });
    expect(splitTitleSource('Afghanistan-Pakistan talks')).toEqual({ title: 'Afghanistan-Pakistan talks', source: null });
    expect(splitTitleSource(' - Reuters')).toEqual({ title: '- Reuters', source: null });
  });
});

describe('parseHeadline', () => {
  it('reads title, source and date from both ends', () => {
    expect(parseHeadline('- Talks begin - ABC News - Breaking News, Latest News and Videos - October 19th, 2025 [October 19th, 2025]')).toEqual({
      text: 'Talks begin - ABC News - Breaking News, Latest News and Videos - October 19th, 2025 [October 19th, 2025]',
      title: 'Talks begin',
      source: 'ABC News - Breaking News, Latest News and Videos',
      date: 'October 19th, 2025',
    });
  });

  it('accepts a headline without the bracketed repeat and other date shapes', () => {
    expect(parseHeadline('- Talks - AP - 2025-10-19')?.date).toBe('2025-10-19');
    expect(parseHeadline('- Talks - AP - 19 Oct 2025')?.date).toBe('19 Oct 2025');
  });

  it('rejects lines that are not bullet/title/source/date', () => {
    expect(parseHeadline('Talks - AP - October 19th, 2025')).toBeNull();
    expect(parseHeadline('- Talks - October 19th, 2025')).toBeNull();
    expect(parseHeadline('- Talks - AP - yesterday')).toBeNull();
  });
});

describe('parseTxt', () => {
  it('takes the first non-empty line as title and puts one paragraph on each line', () => {
    const { docs, warnings } = parseTxt('\n\nTitle \u2013 Publisher\nFirst para.\nSecond para.\n', 'a.txt');
    expect(warnings).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ title: 'Title', source: 'Publisher', date: null, url: null });
    expect(docs[0]!.paragraphs).toEqual(['First para.', 'Second para.']);
  });

  it('treats a blank line right after the title as layout only', () => {
    expect(texts('Title\n\nOne.\nTwo.\n')).toEqual(['One.', 'Two.']);
  });

  it('keeps hard-wrapped paragraphs together, verbatim, when paragraphs are blank-line separated', () => {
    expect(texts('Title\n\nLine one\nline two.\n\n\nNext  para.\n')).toEqual(['Line one\nline two.', 'Next  para.']);
  });

  it('turns the related-headlines list into passages with their own source and date', () => {
    const text = [
      'Main Story \u2013 Daily Paper',
      'Body one.',
      'More:',
      'Main Story - Daily Paper',
      '- Other story - Wire - Service - May 2nd, 2024 [May 2nd, 2024]',
      'Not a headline line',
      '- Another - AP - May 1st, 2024',
    ].join('\n');
    const doc = parseTxt(text, 'a.txt').docs[0]!;
    expect(doc.paragraphs).toEqual([
      'Body one.',
      { text: 'Other story - Wire - Service - May 2nd, 2024 [May 2nd, 2024]', title: 'Other story', source: 'Wire - Service', date: 'May 2nd, 2024' },
      'Not a headline line',
      { text: 'Another - AP - May 1st, 2024', title: 'Another', source: 'AP', date: 'May 1st, 2024' },
    ]);
  });

  it('recognises the repeated title with or without a publisher, ignoring case and dash style', () => {
    for (const repeat of ['Main Story', 'main story \u2013 Daily Paper', 'Main Story - Another Outlet']) {
      expect(texts(`Main Story \u2013 Daily Paper\nBody.\nMORE:  \n${repeat}\n`)).toEqual(['Body.']);
    }
  });

  it('only treats headline-shaped lines specially after More:', () => {
    expect(parseTxt('T\n- Talks - AP - May 1st, 2024\n', 'a.txt').docs[0]!.paragraphs).toEqual(['- Talks - AP - May 1st, 2024']);
    expect(texts('Main Story\nMain Story\n')).toEqual(['Main Story']);
  });

  it('handles a More: section in a blank-line separated file', () => {
    const text = 'T - P\n\nBody a\nbody b.\n\nMore:\nT - P\n- H1 - S1 - May 1st, 2024\n- H2 - S2 - May 2nd, 2024\n';
    const paragraphs = parseTxt(text, 'a.txt').docs[0]!.paragraphs;
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toBe('Body a\nbody b.');
    expect(paragraphs[2]).toMatchObject({ title: 'H2', source: 'S2' });
  });

  it('reads a file of one line as a note: that line is its passage, the file name its title', () => {
    const note = 'The lighthouse keeper Maren Holt was appointed in March 1987.';
    expect(parseTxt(`${note}\n`, 'notes/keeper.txt')).toEqual({ docs: [{ title: 'keeper', source: null, date: null, url: null, paragraphs: [note] }], warnings: [] });
    // Blank lines around it change nothing; a dash in it is not a publisher.
    expect(parseTxt(`\n  Harbour closed - storm warning  \n\n`, 'b.txt').docs[0]).toMatchObject({ title: 'b', source: null, paragraphs: ['Harbour closed - storm warning'] });
  });

  it('warns when a title is followed by nothing that is a passage', () => {
    expect(parseTxt('Only a title\nMore:\n', 'a.txt')).toEqual({ docs: [], warnings: [{ file: 'a.txt', reason: 'no paragraphs after the title line' }] });
    expect(parseTxt('  \n', 'a.txt').warnings).toEqual([{ file: 'a.txt', reason: 'empty file' }]);
  });
});
