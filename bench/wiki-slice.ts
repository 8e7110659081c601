/**
 * Benchmark inputs from the shared data folder next to the project: a slice of the 2015
 * English Wikipedia extract written out as a corpus folder the real loader reads, and the
 * SQuAD v2.0 dev question strings.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const SHARED_DATA = (root: string) => resolve(root, '../shared/data');
export const WIKI_DIR = (root: string) => join(SHARED_DATA(root), 'enwiki-2015-extract');
export const SQUAD_FILE = (root: string) => join(SHARED_DATA(root), 'squad-dev/dev-v2.0.rebuilt.json');

/** Passage rule from the extract's SOURCE.md: lines of at least this many words (headings fall out). */
const MIN_WORDS = 10;

/** What is missing for the Wikipedia runs, or null when both inputs are there. */
export function missingSharedData(root: string): string | null {
  const missing = [WIKI_DIR(root), SQUAD_FILE(root)].filter((p) => !existsSync(p));
  return missing.length ? missing.join(' and ') : null;
}

/**
 * Writes the first `max` passages of the extract (shard and line order) as one .jsonl corpus
 * folder, one article a line with one paragraph a text line, unless it is already there.
 * Returns the folder and the number of passages it holds.
 */
export async function writeWikiSlice(root: string, outRoot: string, max: number): Promise<{ dir: string; passages: number; documents: number }> {
  const dir = join(outRoot, `wiki-${max}`);
  const file = join(dir, 'wiki.jsonl');
  const countFile = join(outRoot, `wiki-${max}.count.json`);
  if (existsSync(file) && existsSync(countFile)) return { dir, ...(JSON.parse(readFileSync(countFile, 'utf8')) as { passages: number; documents: number }) };
  const source = WIKI_DIR(root);
  const shards = readdirSync(source)
    .filter((f) => f.endsWith('.jsonl.gz'))
    .sort();
  const lines: string[] = [];
  let passages = 0;
  for (const shard of shards) {
    const input = createReadStream(join(source, shard)).pipe(createGunzip());
    const reader = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of reader) {
        if (!line.trim()) continue;
        const a = JSON.parse(line) as { id: string; title: string; url: string; text: string };
        const paragraphs = a.text
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.split(/\s+/).length >= MIN_WORDS)
          .slice(0, max - passages);
        if (paragraphs.length === 0) continue;
        lines.push(JSON.stringify({ title: a.title, text: paragraphs.join('\n'), source: 'Wikipedia (2015)', url: a.url }));
        passages += paragraphs.length;
        if (passages >= max) break;
      }
    } finally {
      reader.close();
      input.destroy();
    }
    if (passages >= max) break;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, lines.join('\n') + '\n');
  renameSync(`${file}.tmp`, file);
  writeFileSync(countFile, JSON.stringify({ passages, documents: lines.length }));
  return { dir, passages, documents: lines.length };
}

/** SQuAD v2.0 dev question strings, in file order, whitespace folded. */
export function squadQuestions(root: string): string[] {
  const data = JSON.parse(readFileSync(SQUAD_FILE(root), 'utf8')) as { data: Array<{ paragraphs: Array<{ qas: Array<{ question: string }> }> }> };
  return data.data.flatMap((a) => a.paragraphs.flatMap((p) => p.qas.map((q) => q.question.replace(/\s+/g, ' ').trim()))).filter(Boolean);
}
