import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';

// A folder built to hurt the loader, as a careless or hostile operator might leave it. Loading
// must finish, warn about each trap by name, and read nothing from outside the folder.

const SECRET = 'DISCORD_TOKEN=leaked-secret-value-123';
let base: string;
let dir: string;
let socket: net.Server;
let corpus: Corpus;
let loadMs: number;

const write = (rel: string, content: string | Uint8Array) => {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
};

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'dossier-hostile-'));
  dir = path.join(base, 'corpus');
  mkdirSync(dir);
  writeFileSync(path.join(base, '.env'), `${SECRET}\n`);
  writeFileSync(path.join(base, 'outside.txt'), `Outside\n${SECRET}\n`);

  write('good.txt', 'Good news\nThe harbour opened on March 3, 2019.\n');
  execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
  symlinkSync(path.join(dir, 'pipe.txt'), path.join(dir, 'pipe-link.md'));
  symlinkSync('/dev/zero', path.join(dir, 'zero.txt'));
  symlinkSync('/dev/urandom', path.join(dir, 'random.jsonl'));
  symlinkSync('../.env', path.join(dir, 'env.txt'));
  symlinkSync(path.join(base, 'outside.txt'), path.join(dir, 'outside-link.md'));
  symlinkSync(base, path.join(dir, 'parent'));
  socket = net.createServer();
  await new Promise<void>((resolve) => socket.listen(path.join(dir, 'socket.txt'), resolve));
  // Sparse: 3 GB on paper, nothing on disk. Its size alone must refuse it.
  writeFileSync(path.join(dir, 'huge.txt'), 'Huge\n');
  truncateSync(path.join(dir, 'huge.txt'), 3 * 1024 ** 3);
  // 1 MB of prose in one paragraph, and 300 KB with no space at all.
  write('long.txt', `Long\n${'The council voted seven to two for the change in 2021. '.repeat(19_000).trim()}\n`);
  write('unbroken.md', `# Unbroken\n\n${'x'.repeat(300_000)}\n`);
  write('x.txt/inside.md', 'A document inside a folder whose name ends in .txt.\n');
  write('report.pdf', '%PDF-1.4');
  write('scan.pdf', '%PDF-1.4');
  write('front.md', '---\ntitle: !custom Tagged\n---\nBody paragraph.\n');
  // 40 MB of newlines packed into 40 KB: a gzip bomb against a 4 MB limit.
  write('bomb.jsonl.gz', gzipSync(Buffer.alloc(40 * 1024 * 1024, '\n')));

  const t0 = performance.now();
  corpus = await loadCorpus(dir, { maxFileBytes: 4 * 1024 * 1024 });
  loadMs = performance.now() - t0;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  rmSync(base, { recursive: true, force: true });
});

const reasonFor = (file: string) => corpus.warnings.filter((w) => w.file === file).map((w) => w.reason);

describe('a hostile corpus folder', () => {
  it('loads within a generous time bound', () => {
    expect(loadMs).toBeLessThan(15_000);
  });

  it('never opens a FIFO, a socket, or a link to one', () => {
    expect(reasonFor('pipe.txt')).toEqual(['not a regular file (named pipe (FIFO)); not read']);
    expect(reasonFor('socket.txt')).toEqual(['not a regular file (socket); not read']);
    expect(reasonFor('pipe-link.md')).toEqual(['symbolic link to a named pipe (FIFO), not a regular file; not read']);
  });

  it('does not follow links that leave the folder: devices, ../.env, a file outside, the parent folder', () => {
    for (const [file, target] of [
      ['zero.txt', '/dev/zero'],
      ['random.jsonl', '/dev/urandom'],
      ['env.txt', '../.env'],
      ['outside-link.md', path.join(base, 'outside.txt')],
      ['parent', base],
    ]) {
      expect(reasonFor(file!), file).toEqual([`symbolic link to ${target}, outside the corpus folder; not followed`]);
    }
    const everything = JSON.stringify(corpus);
    expect(everything).not.toContain('leaked-secret-value');
    expect(corpus.documents.map((d) => d.file)).not.toContain('parent/outside.txt');
  });

  it('refuses a file over the size limit by its size, without reading it', () => {
    expect(reasonFor('huge.txt')).toEqual(['3.0 GB, over the 4.0 MB limit per file (CORPUS_MAX_FILE_MB); skipped']);
  });

  it('stops unpacking a gzip bomb at the limit', () => {
    expect(reasonFor('bomb.jsonl.gz')).toEqual(['unpacks to more than the 4.0 MB limit per file (CORPUS_MAX_FILE_MB); all 4,194,304 complete lines before that are loaded']);
  });

  it('splits an over-long paragraph into passages under the limit, at sentence ends, with a warning', () => {
    const long = corpus.passages.filter((p) => p.doc === 'long');
    expect(long.length).toBeGreaterThan(150);
    expect(long.every((p) => p.text.length <= 5_000 && p.text.endsWith('.'))).toBe(true);
    expect(reasonFor('long.txt')).toEqual([`1 paragraph longer than 5000 characters (CORPUS_MAX_PASSAGE_CHARS) split into ${long.length} passages at sentence ends`]);
    const unbroken = corpus.passages.filter((p) => p.doc === 'unbroken');
    expect(unbroken.map((p) => p.text.length)).toEqual(Array(60).fill(5_000));
    expect(reasonFor('unbroken.md')).toHaveLength(1);
  });

  it('walks into a folder named x.txt', () => {
    expect(corpus.documents.map((d) => d.file)).toContain('x.txt/inside.md');
  });

  it('lists skipped formats once, with counts and names', () => {
    expect(reasonFor(dir)).toEqual(['2 .pdf files (report.pdf, scan.pdf) skipped: only .txt, .md, .jsonl, .jsonl.gz are read; convert them to .txt or .md']);
  });

  it('names the file on YAML front-matter warnings', () => {
    expect(reasonFor('front.md')).toEqual(['YAML front matter: Unresolved tag: !custom (line 2, column 8)']);
  });

  it('still loads the good documents, and nothing else', () => {
    expect(corpus.documents.map((d) => d.file).sort()).toEqual(['front.md', 'good.txt', 'long.txt', 'unbroken.md', 'x.txt/inside.md']);
    expect(corpus.warnings).toHaveLength(14);
  });
});
