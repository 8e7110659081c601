import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWarnings, loadCorpus } from '../../src/corpus/load.js';
import { describeSkipped } from '../../src/corpus/walk.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-corpus-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, content: string | Uint8Array): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

function writeGoodFiles(): void {
  write('Story One.txt', 'Story \u2013 Wire\nPara A.\nPara B.\n');
  write('notes/Deep Dive.md', '---\ntitle: Deep\ndate: 2024-02-03\n---\n# Ignored heading\n\nMd para.\n');
  write('data/wiki.jsonl', '{"title":"X","text":"x1\\nx2"}\n{"title":"Y","text":"y1"}\n');
}

describe('loadCorpus', () => {
  it('loads every format recursively with stable path-derived ids', async () => {
    writeGoodFiles();
    const corpus = await loadCorpus(dir);
    expect(corpus.warnings).toEqual([]);
    // Code-point order of relative paths: upper case sorts before lower case.
    expect(corpus.documents.map((d) => [d.id, d.file, d.title])).toEqual([
      ['story-one', 'Story One.txt', 'Story'],
      ['data/wiki-1', 'data/wiki.jsonl', 'X'],
      ['data/wiki-2', 'data/wiki.jsonl', 'Y'],
      ['notes/deep-dive', 'notes/Deep Dive.md', 'Deep'],
    ]);
    expect(corpus.passages.map((p) => p.id)).toEqual(['story-one#1', 'story-one#2', 'data/wiki-1#1', 'data/wiki-1#2', 'data/wiki-2#1', 'notes/deep-dive#1']);
    expect(corpus.passages.find((p) => p.id === 'notes/deep-dive#1')).toMatchObject({ text: 'Md para.', date: '2024-02-03', title: 'Deep' });
    expect(corpus.passages.find((p) => p.id === 'story-one#2')).toMatchObject({ source: 'Wire' });
  });

  it('returns the same ids and hash on every run, and a new hash when content changes', async () => {
    writeGoodFiles();
    const first = await loadCorpus(dir);
    const second = await loadCorpus(dir);
    expect(second.passages.map((p) => p.id)).toEqual(first.passages.map((p) => p.id));
    expect(second.hash).toBe(first.hash);
    write('notes/Deep Dive.md', '---\ntitle: Deep\ndate: 2024-02-03\n---\nMd para, edited.\n');
    expect((await loadCorpus(dir)).hash).not.toBe(first.hash);
  });

  it('skips dotfiles, dot-folders and node_modules silently, other extensions with one counted warning', async () => {
    write('keep.txt', 'T\nP.\n');
    write('.hidden.txt', 'T\nP.\n');
    write('.git/x.md', 'P.\n');
    write('node_modules/pkg/readme.md', 'P.\n');
    write('image.png', 'not text');
    write('notes.docx', 'x');
    write('more/notes.docx', 'x');
    write('Makefile', 'x');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['keep.txt']);
    expect(corpus.warnings).toEqual([
      { file: dir, reason: '2 .docx files (more/notes.docx, notes.docx), 1 extensionless file (Makefile) and 1 .png file (image.png) skipped: only .txt, .md, .jsonl, .jsonl.gz are read; convert them to .txt or .md' },
    ]);
  });

  it('names the first three skipped files of a format and counts the rest', () => {
    const many = new Map([['.tmp', ['e.tmp', 'a.tmp', 'd.tmp', 'c.tmp', 'b.tmp']]]);
    expect(describeSkipped(many)).toBe('5 .tmp files (a.tmp, b.tmp, c.tmp and 2 more) skipped: only .txt, .md, .jsonl, .jsonl.gz are read; convert them to .txt or .md');
  });

  it('gives colliding slugs distinct ids', async () => {
    write('a.txt', 'T\nP.\n');
    write('A.md', 'P.\n');
    write('a!.txt', 'T\nP.\n');
    expect((await loadCorpus(dir)).documents.map((d) => d.id).sort()).toEqual(['a', 'a-2', 'a-3']);
  });

  it('skips each bad file with one warning naming it and still loads the rest', async () => {
    write('good.txt', 'Title\nGood para.\n');
    write('binary.txt', Buffer.from([0x54, 0x0a, 0x00, 0x01, 0x02]));
    write('latin1.txt', Buffer.from([0x54, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
    write('blank.md', ' \n\n\t\n');
    write('bad-front.md', '---\ntitle: [oops\n---\nBody.\n');
    write('list-front.md', '---\n- a\n---\nBody.\n');
    write('lines.jsonl', '{"title":"ok","text":"fine"}\nnot json\n{"title":"no text"}\n');
    symlinkSync(path.join(dir, 'nowhere.txt'), path.join(dir, 'dangling.md'));

    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(['good', 'lines-1']);
    const byFile = new Map(corpus.warnings.map((w) => [w.file, w.reason]));
    expect(corpus.warnings).toHaveLength(8);
    expect(byFile.get('binary.txt')).toMatch(/binary/);
    expect(byFile.get('latin1.txt')).toBe('not valid UTF-8 text');
    expect(byFile.get('blank.md')).toBe('empty file');
    expect(byFile.get('bad-front.md')).toMatch(/^malformed YAML front matter/);
    expect(byFile.get('list-front.md')).toMatch(/not a YAML mapping/);
    expect(byFile.get('lines.jsonl:2')).toMatch(/^invalid JSON/);
    expect(byFile.get('lines.jsonl:3')).toBe('missing "text"');
    expect(byFile.get('dangling.md')).toMatch(/^cannot read file \(broken symbolic link: ENOENT/);
  });

  it('strips a BOM and CRLF so passages match the text', async () => {
    write('win.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Title \u2013 Pub\r\nOne.\r\nTwo.\r\n')]));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents[0]).toMatchObject({ title: 'Title', source: 'Pub' });
    expect(corpus.passages.map((p) => p.text)).toEqual(['One.', 'Two.']);
  });

  it('follows a symlinked folder once, without looping', async () => {
    write('sub/doc.txt', 'T\nP.\n');
    symlinkSync(dir, path.join(dir, 'sub', 'loop'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['sub/doc.txt']);
  });

  it('follows a link to a folder inside the corpus, but reads a folder reached twice only once, by its own path', async () => {
    write('real/doc.txt', 'T\nP.\n');
    write('other/keep.md', 'P.\n');
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'a-link'));
    symlinkSync('../other', path.join(dir, 'real', 'to-other'));
    symlinkSync('real/doc.txt', path.join(dir, 'same-doc.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['other/keep.md', 'real/doc.txt']);
    expect(corpus.warnings).toEqual([]);
  });

  it('loads a folder of one-line notes, each a passage titled by its file name', async () => {
    for (let i = 0; i < 600; i++) write(`notes/keeper-${i}.txt`, `The lighthouse keeper ${i} was appointed in March ${1900 + (i % 100)}.\n`);
    const corpus = await loadCorpus(dir);
    expect(corpus.warnings).toEqual([]);
    expect(corpus.documents).toHaveLength(600);
    expect(corpus.documents.find((d) => d.id === 'notes/keeper-7')).toMatchObject({ title: 'keeper-7', file: 'notes/keeper-7.txt' });
    expect(corpus.passages.find((p) => p.doc === 'notes/keeper-7')!.text).toBe('The lighthouse keeper 7 was appointed in March 1907.');
  });

  it('reports an empty folder instead of throwing', async () => {
    write('readme.pdf', 'x');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.passages).toEqual([]);
    expect(corpus.warnings).toEqual([
      { file: dir, reason: '1 .pdf file (readme.pdf) skipped: only .txt, .md, .jsonl, .jsonl.gz are read; convert them to .txt or .md' },
      { file: dir, reason: 'no .txt, .md, .jsonl or .jsonl.gz documents' },
    ]);
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says so when candidate files exist but none loads', async () => {
    write('empty.txt', '');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.warnings).toEqual([
      { file: 'empty.txt', reason: 'empty file' },
      { file: dir, reason: 'none of the 1 .txt, .md, .jsonl or .jsonl.gz files could be loaded' },
    ]);
  });

  it('reports a missing folder, or a file given as the folder, instead of throwing', async () => {
    const missing = path.join(dir, 'nope');
    expect(await loadCorpus(missing)).toMatchObject({ documents: [], passages: [], warnings: [{ file: missing, reason: 'no such folder' }] });
    write('file.txt', 'T\nP.\n');
    const file = path.join(dir, 'file.txt');
    expect((await loadCorpus(file)).warnings).toEqual([{ file, reason: 'not a folder' }]);
  });
});

describe('describeWarnings', () => {
  it('formats one line per warning', async () => {
    expect(describeWarnings([{ file: 'a.jsonl:3', reason: 'missing "text"' }])).toEqual(['a.jsonl:3: missing "text"']);
  });
});
