import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, type LoadProgress } from '../../src/corpus/load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dossier-stream-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const line = (title: string, text: string) => JSON.stringify({ title, text, source: 'Wire', url: `https://example.org/${title}` });
const bulk = (n: number) => Array.from({ length: n }, (_, i) => line(`Article ${i}`, `First paragraph of article ${i}.\nSecond paragraph of article ${i}.`)).join('\n') + '\n';

describe('.jsonl.gz', () => {
  it('reads the same documents as the unpacked .jsonl, with ids from the name without .jsonl.gz', async () => {
    const text = bulk(500);
    writeFileSync(path.join(dir, 'wiki.jsonl'), text);
    const plain = await loadCorpus(dir);
    rmSync(path.join(dir, 'wiki.jsonl'));
    writeFileSync(path.join(dir, 'wiki.jsonl.gz'), gzipSync(text));
    const packed = await loadCorpus(dir);
    expect(packed.warnings).toEqual([]);
    expect(packed.documents).toHaveLength(500);
    expect(packed.documents[7]).toMatchObject({ id: 'wiki-8', file: 'wiki.jsonl.gz', title: 'Article 7', source: 'Wire' });
    expect(packed.passages.map((p) => [p.id, p.text])).toEqual(plain.passages.map((p) => [p.id, p.text]));
  });

  it('reads a line split across chunk boundaries and across gzip members', async () => {
    const long = line('Long', `${'A fairly long sentence about the harbour. '.repeat(3_000)}\nEnd.`);
    writeFileSync(path.join(dir, 'two.jsonl.gz'), Buffer.concat([gzipSync(`${line('One', 'x')}\n${long.slice(0, 70_000)}`), gzipSync(`${long.slice(70_000)}\n`)]));
    const corpus = await loadCorpus(dir, { maxPassageChars: 1_000_000 });
    expect(corpus.warnings).toEqual([]);
    expect(corpus.documents.map((d) => d.title)).toEqual(['One', 'Long']);
    expect(corpus.documents[1]!.passages.map((p) => p.text.length)).toEqual([JSON.parse(long).text.split('\n')[0].trim().length, 4]);
  });

  it('a bad line is a warning naming file:line; the other lines load', async () => {
    const text = [line('A', 'a'), '{not json', '', line('B', 'b'), '{"title":"C"}'].join('\n');
    const bad = Buffer.concat([Buffer.from(`${text}\n`), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(`${line('D', 'd')}\n`)]);
    writeFileSync(path.join(dir, 'mixed.jsonl.gz'), gzipSync(bad));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.id)).toEqual(['mixed-1', 'mixed-4', 'mixed-7']);
    expect(corpus.warnings).toEqual([
      { file: 'mixed.jsonl.gz:2', reason: expect.stringMatching(/^invalid JSON/) },
      { file: 'mixed.jsonl.gz:5', reason: 'missing "text"' },
      { file: 'mixed.jsonl.gz:6', reason: 'not valid UTF-8 text' },
    ]);
  });

  it('a truncated or corrupt .gz keeps the lines before the damage and says so', async () => {
    const packed = gzipSync(bulk(2_000));
    writeFileSync(path.join(dir, 'cut.jsonl.gz'), packed.subarray(0, Math.floor(packed.length / 2)));
    writeFileSync(path.join(dir, 'not-gzip.jsonl.gz'), 'plain text, not gzip\n');
    const corpus = await loadCorpus(dir);
    const cut = corpus.documents.filter((d) => d.file === 'cut.jsonl.gz');
    expect(cut.length).toBeGreaterThan(100);
    expect(cut.length).toBeLessThan(2_000);
    const reasons = new Map(corpus.warnings.map((w) => [w.file, w.reason]));
    // The count is the truth: exactly the lines that were loaded.
    expect(reasons.get('cut.jsonl.gz')).toBe(`ends early (the file is cut short); all ${cut.length.toLocaleString('en-US')} complete lines before that are loaded`);
    expect(reasons.get('not-gzip.jsonl.gz')).toBe('is not gzip data (no gzip header); all 0 complete lines before that are loaded');
  });

  it('data appended after the archive costs no document: all 20,000 lines load, and the warning says so', async () => {
    // An HTML error page saved after the download, as a proxy might.
    const garbage = Buffer.from('<html>502 Bad Gateway</html>\n');
    writeFileSync(path.join(dir, 'big.jsonl.gz'), Buffer.concat([gzipSync(bulk(20_000)), garbage]));
    // Under 64 KB, the whole archive arrives in one read: every document used to be lost.
    writeFileSync(path.join(dir, 'small.jsonl.gz'), Buffer.concat([gzipSync(bulk(50)), garbage]));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.filter((d) => d.file === 'big.jsonl.gz')).toHaveLength(20_000);
    expect(corpus.documents.filter((d) => d.file === 'small.jsonl.gz')).toHaveLength(50);
    expect(corpus.warnings).toEqual([
      { file: 'big.jsonl.gz', reason: `${garbage.length} bytes after the end of the gzip data are not gzip; ignored, and all 20,000 complete lines before them are loaded` },
      { file: 'small.jsonl.gz', reason: `${garbage.length} bytes after the end of the gzip data are not gzip; ignored, and all 50 complete lines before them are loaded` },
    ]);
  });

  it('zero padding after the archive is not a problem, and a line without its newline at the end still loads', async () => {
    writeFileSync(path.join(dir, 'padded.jsonl.gz'), Buffer.concat([gzipSync(bulk(10).trimEnd()), Buffer.alloc(512)]));
    const corpus = await loadCorpus(dir);
    expect(corpus.warnings).toEqual([]);
    expect(corpus.documents).toHaveLength(10);
  });

  it('damage inside the compressed data keeps the complete lines before it, and counts them truly', async () => {
    const packed = gzipSync(bulk(5_000), { level: 1 });
    const damaged = Buffer.from(packed);
    for (let i = Math.floor(packed.length * 0.6); i < Math.floor(packed.length * 0.6) + 64; i++) damaged[i] = 0xff;
    writeFileSync(path.join(dir, 'damaged.jsonl.gz'), damaged);
    const corpus = await loadCorpus(dir);
    const kept = corpus.documents.length;
    expect(kept).toBeGreaterThan(1_000);
    expect(kept).toBeLessThan(5_000);
    expect(corpus.warnings).toHaveLength(1);
    expect(corpus.warnings[0]!.reason).toMatch(new RegExp(`^is damaged gzip data \\(.+\\)( near byte \\d+)?; all ${kept.toLocaleString('en-US')} complete lines before that are loaded$`));
  });

  it('an empty .jsonl.gz is an empty file', async () => {
    writeFileSync(path.join(dir, 'empty.jsonl.gz'), gzipSync('\n\n'));
    expect((await loadCorpus(dir)).warnings).toContainEqual({ file: 'empty.jsonl.gz', reason: 'empty file' });
  });
});

describe('progress', () => {
  it('reports files, bytes and passages as they are read, ending at the totals', async () => {
    writeFileSync(path.join(dir, 'a.txt'), 'Title\nOne.\nTwo.\n');
    const packed = gzipSync(bulk(3_000), { level: 1 });
    writeFileSync(path.join(dir, 'b.jsonl.gz'), packed);
    writeFileSync(path.join(dir, 'c.md'), '# C\n\nPara.\n');
    const seen: LoadProgress[] = [];
    const corpus = await loadCorpus(dir, { onProgress: (p) => seen.push(p) });
    const last = seen.at(-1)!;
    expect(seen[0]).toEqual({ filesDone: 0, filesTotal: 3, bytesDone: 0, bytesTotal: last.bytesTotal, passages: 0 });
    expect(last).toEqual({ filesDone: 3, filesTotal: 3, bytesDone: last.bytesTotal, bytesTotal: last.bytesTotal, passages: corpus.passages.length });
    expect(last.bytesTotal).toBe(packed.length + 16 + 11);
    // Reported during the big file too, not only between files.
    expect(seen.filter((p) => p.filesDone === 1 && p.bytesDone < last.bytesTotal).length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
      expect(seen[i]!.passages).toBeGreaterThanOrEqual(seen[i - 1]!.passages);
      expect(seen[i]!.filesDone).toBeGreaterThanOrEqual(seen[i - 1]!.filesDone);
    }
  });
});
