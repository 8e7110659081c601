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
    expect(reasons.get('cut.jsonl.gz')).toMatch(/^not readable as gzip \(.*\); the lines before that are loaded$/);
    expect(reasons.get('not-gzip.jsonl.gz')).toMatch(/^not readable as gzip/);
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
