import { describe, expect, it } from 'vitest';
import { MAX_FRONT_MATTER_BYTES, MAX_FRONT_MATTER_KEYS, parseMd } from '../../src/corpus/md.js';

describe('parseMd', () => {
  it('reads front matter metadata and blank-line separated paragraphs verbatim', () => {
    const text = '---\ntitle: The Report\nsource: Example Wire\ndate: 2024-05-01\nurl: https://example.org/r\nauthor: ignored\n---\n\nFirst line\nwrapped **bold**.\n\nSecond.\n';
    const { docs, warnings } = parseMd(text, 'r.md');
    expect(warnings).toEqual([]);
    expect(docs).toEqual([
      { title: 'The Report', source: 'Example Wire', date: '2024-05-01', url: 'https://example.org/r', paragraphs: ['First line\nwrapped **bold**.', 'Second.'] },
    ]);
  });

  it('takes the title from a leading # heading and never makes headings passages', () => {
    const doc = parseMd('# Heading Title #\n\nIntro.\n## Section\nBody.\n\nSetext\n------\n\nEnd.', 'x.md').docs[0]!;
    expect(doc.title).toBe('Heading Title');
    expect(doc.paragraphs).toEqual(['Intro.', 'Body.', 'End.']);
  });

  it('prefers the front matter title over the heading, and falls back to the file name', () => {
    expect(parseMd('---\ntitle: FM\n---\n# H\n\nText.', 'x.md').docs[0]!.title).toBe('FM');
    expect(parseMd('Text without heading.', 'notes/my-notes.md').docs[0]!.title).toBe('my-notes');
    expect(parseMd('Intro first.\n\n# Late heading\n\nText.', 'late.md').docs[0]!.title).toBe('late');
  });

  it('drops fenced code blocks, even with blank lines inside, and thematic breaks', () => {
    const text = 'Before.\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter.\n\n***\n\n~~~~\ncode\n~~~\nstill code\n~~~~\n\nLast.';
    expect(parseMd(text, 'c.md').docs[0]!.paragraphs).toEqual(['Before.', 'After.', 'Last.']);
  });

  it('accepts empty front matter', () => {
    expect(parseMd('---\n---\nBody.', 'e.md').docs[0]).toMatchObject({ title: 'e', paragraphs: ['Body.'] });
  });

  it('skips the file on malformed YAML, non-mapping or unclosed front matter', () => {
    const bad = parseMd('---\ntitle: [unclosed\n---\nBody.', 'bad.md');
    expect(bad.docs).toEqual([]);
    expect(bad.warnings).toHaveLength(1);
    expect(bad.warnings[0]!.file).toBe('bad.md');
    expect(bad.warnings[0]!.reason).toMatch(/^malformed YAML front matter: /);
    expect(bad.warnings[0]!.reason).not.toContain('\n');

    expect(parseMd('---\n- a\n- b\n---\nBody.', 'list.md').warnings).toEqual([{ file: 'list.md', reason: 'front matter is not a YAML mapping of fields' }]);
    expect(parseMd('---\njust a string\n---\nBody.', 's.md').docs).toEqual([]);
    expect(parseMd('---\ntitle: x\nBody.', 'open.md').warnings[0]!.reason).toMatch(/never closed/);
  });

  it('keeps the document but warns about a metadata field that is not text', () => {
    const { docs, warnings } = parseMd('---\ntitle: {a: 1}\ndate: 2024\n---\nBody.', 'w.md');
    expect(docs[0]).toMatchObject({ title: 'w', date: '2024' });
    expect(warnings).toEqual([{ file: 'w.md', reason: 'front matter field "title" is not text; ignored' }]);
  });

  it('warns when there is no prose at all', () => {
    expect(parseMd('# Only\n\n```\ncode\n```\n', 'o.md')).toEqual({ docs: [], warnings: [{ file: 'o.md', reason: 'no paragraphs (only headings, code or front matter)' }] });
  });

  // Parsing YAML is quadratic in its keys: 32,000 keys took 6.5 s, 800,000 never finished.
  it('refuses to parse front matter with too many keys or too many bytes, and loads the body with a warning', () => {
    const many = Array.from({ length: 32_000 }, (_, i) => `key${i}: value`).join('\n');
    expect(parseMd(`---\n${many}\n---\n# Kept\n\nBody paragraph.\n`, 'keys.md')).toEqual({
      docs: [{ title: 'Kept', source: null, date: null, url: null, paragraphs: ['Body paragraph.'] }],
      warnings: [{ file: 'keys.md', reason: 'front matter is 490 KB, over the 16 KB it may hold; not read (the body is loaded without its fields)' }],
    });
    const scalar = `title: ${'x'.repeat(2 * 1024 * 1024)}`;
    expect(parseMd(`---\n${scalar}\n---\nBody.\n`, 'scalar.md').warnings).toEqual([
      { file: 'scalar.md', reason: 'front matter is 2.0 MB, over the 16 KB it may hold; not read (the body is loaded without its fields)' },
    ]);
    // Small, but a flow mapping of many keys.
    const flow = `{${Array.from({ length: MAX_FRONT_MATTER_KEYS + 1 }, (_, i) => `k${i}: v`).join(', ')}}`;
    expect(Buffer.byteLength(flow)).toBeLessThan(MAX_FRONT_MATTER_BYTES);
    expect(parseMd(`---\n${flow}\n---\nBody.\n`, 'flow.md')).toMatchObject({
      docs: [{ title: 'flow', paragraphs: ['Body.'] }],
      warnings: [{ file: 'flow.md', reason: `front matter has more than ${MAX_FRONT_MATTER_KEYS} fields; not read (the body is loaded without its fields)` }],
    });
  });

  it('still reads front matter of ordinary size, up to the bounds', () => {
    const fields = Array.from({ length: MAX_FRONT_MATTER_KEYS - 1 }, (_, i) => `extra${i}: v`).join('\n');
    expect(parseMd(`---\ntitle: T\n${fields}\n---\nBody.\n`, 'ok.md')).toMatchObject({ docs: [{ title: 'T' }], warnings: [] });
  });
});
