import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';

const dir = fileURLToPath(new URL('../../corpus', import.meta.url));
const raw = readFileSync(`${dir}/al-qaeda-afghanistan.txt`, 'utf8');
const corpus = await loadCorpus(dir);
const doc = corpus.documents.find((d) => d.file === 'al-qaeda-afghanistan.txt')!;

describe('the shipped seed corpus', () => {
  it('loads without warnings as one document with title and publisher split', () => {
    expect(corpus.warnings).toEqual([]);
    expect(doc).toMatchObject({ id: 'al-qaeda-afghanistan', title: 'Al Qaeda Is Backand Thrivingin Afghanistan', source: 'Foreign Policy', date: null });
  });

  it('has the article body, then one passage per related headline', () => {
    const body = doc.passages.filter((p) => p.source === 'Foreign Policy');
    const headlines = doc.passages.filter((p) => p.source !== 'Foreign Policy');
    expect(body).toHaveLength(22);
    expect(headlines).toHaveLength(80);
    expect(doc.passages.map((p) => p.paragraph)).toEqual(doc.passages.map((_, i) => i + 1));
    expect(doc.passages.every((p) => p.id === `${doc.id}#${p.paragraph}` && p.doc === doc.id)).toBe(true);
  });

  it('keeps every passage verbatim and leaves out the title, More: and the repeated title', () => {
    for (const p of doc.passages) expect(raw).toContain(p.text);
    const texts = doc.passages.map((p) => p.text);
    expect(texts).not.toContain('More:');
    expect(texts.some((t) => t.startsWith('Al Qaeda Is Backand Thrivingin Afghanistan'))).toBe(false);
    expect(doc.passages[8]).toMatchObject({ id: 'al-qaeda-afghanistan#9', source: 'Foreign Policy' });
    expect(doc.passages[8]!.text).toMatch(/^The historic relationship hit global headlines when bin Ladens successor, Ayman al-Zawahiri, was killed on July 31, 2022/);
  });

  it('cites related headlines to their own publisher and date', () => {
    expect(doc.passages[22]).toMatchObject({
      id: 'al-qaeda-afghanistan#23',
      text: 'Pakistan and Afghanistan agree to immediate ceasefire after peace talks in Doha - Reuters - October 19th, 2025 [October 19th, 2025]',
      title: 'Pakistan and Afghanistan agree to immediate ceasefire after peace talks in Doha',
      source: 'Reuters',
      date: 'October 19th, 2025',
    });
    const abc = doc.passages.find((p) => p.text.startsWith('Afghanistan and Pakistan pledge to respect ceasefire') && p.source?.startsWith('ABC'));
    expect(abc?.source).toBe('ABC News - Breaking News, Latest News and Videos');
    const cricket = doc.passages.find((p) => p.text.includes('Twenty20 cricket tri-series'));
    expect(cricket).toMatchObject({ source: 'AP News', date: 'October 19th, 2025' });
    expect(doc.passages.at(-1)!.date).toBe('October 11th, 2025');
  });
});
