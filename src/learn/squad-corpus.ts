/**
 * SQuAD articles as a Dossier corpus (one document per article, one passage per paragraph),
 * the fixed train/validation split, and the data file's hash: shared by training and evaluation
 * so both read the data the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFromDocuments } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { parseSquad, type SquadArticle, type SquadDataset } from './squad-metrics.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_SQUAD = resolve(ROOT, '../shared/data/squad-dev/dev-v2.0.rebuilt.json');
export const SPLIT_FILE = resolve(ROOT, 'training/squad-split.json');

export type SplitName = 'train' | 'validation' | 'all';

export interface Split {
  train: string[];
  validation: string[];
}

export function readSplit(): Split {
  return JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) as Split;
}

export function loadSquad(file: string): { data: SquadDataset; sha256: string } {
  if (!existsSync(file)) {
    throw new Error(`SQuAD data file missing: ${file}\nIt ships beside the project in ../shared/data/squad-dev/; pass --file PATH to a SQuAD v2.0 dev JSON (e.g. dev-v2.0.json).`);
  }
  const bytes = readFileSync(file);
  return { data: parseSquad(JSON.parse(bytes.toString('utf8'))), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Article indices in `split`; "all" is every article. Titles the data lacks are an error: the split must match the data. */
export function articlesIn(data: SquadDataset, split: SplitName, splits = readSplit()): number[] {
  if (split === 'all') return data.articles.map((_, i) => i);
  const wanted = new Set(splits[split]);
  const found = data.articles.flatMap((a, i) => (wanted.has(a.title) ? [i] : []));
  if (found.length !== wanted.size) throw new Error(`${SPLIT_FILE}: ${wanted.size - found.length} ${split} titles are not in the data`);
  return found;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A corpus of the given articles, and the passage index of each (article, paragraph), read back
 * from the built corpus rather than assumed (the loader may split or drop paragraphs).
 */
export function squadCorpus(articles: readonly SquadArticle[], indices: readonly number[]): { corpus: Corpus; gold: Map<string, number> } {
  const docs = indices.map((ai) => {
    const a = articles[ai]!;
    return {
      id: `squad-${String(ai + 1).padStart(2, '0')}-${slug(a.title)}`,
      file: `squad/${a.title}`,
      title: a.title.replace(/_/g, ' '),
      source: 'SQuAD v2.0 dev',
      date: null,
      url: `https://en.wikipedia.org/wiki/${encodeURIComponent(a.title)}`,
      paragraphs: a.paragraphs.map((p) => p.context),
    };
  });
  const corpus = corpusFromDocuments(docs);
  const gold = new Map<string, number>();
  const at = new Map(corpus.passages.map((p, i) => [p.id, i]));
  indices.forEach((ai, k) => {
    const doc = corpus.documents.find((d) => d.id === docs[k]!.id);
    articles[ai]!.paragraphs.forEach((par, pi) => {
      const ctx = par.context.trim();
      const p = doc?.passages.find((x) => x.paragraph === pi + 1 && x.text.trim() === ctx) ?? doc?.passages.find((x) => x.text.trim() === ctx);
      if (p) gold.set(`${ai}:${pi}`, at.get(p.id)!);
    });
  });
  return { corpus, gold };
}
