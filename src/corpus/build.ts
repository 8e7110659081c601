import { createHash } from 'node:crypto';
import type { Corpus, CorpusDocument, Passage, Warning } from './types.js';
import type { ParagraphInput } from './parsed.js';

export interface DocumentInput {
  id: string;
  /** Path relative to the corpus folder; defaults to the id for in-memory documents. */
  file?: string;
  title: string;
  source?: string | null;
  date?: string | null;
  url?: string | null;
  paragraphs: ParagraphInput[];
}

/**
 * The one place passages get their ids and metadata, shared by the folder loader and by
 * benchmarks that build a corpus in memory (e.g. one SQuAD article per document), so both
 * produce identical shapes. Paragraph n of document d becomes passage `d#n` (1-based),
 * in the order given. Duplicate or empty ids are a caller bug and throw.
 */
export function corpusFromDocuments(docs: readonly DocumentInput[], warnings: readonly Warning[] = []): Corpus {
  const seen = new Set<string>();
  const documents: CorpusDocument[] = docs.map((input) => {
    if (!input.id) throw new Error('corpusFromDocuments: a document has an empty id');
    if (input.id.includes('#')) throw new Error(`corpusFromDocuments: document id "${input.id}" contains "#", which passage ids reserve`);
    if (seen.has(input.id)) throw new Error(`corpusFromDocuments: duplicate document id "${input.id}"`);
    seen.add(input.id);
    const doc = {
      id: input.id,
      file: input.file ?? input.id,
      title: input.title,
      source: input.source ?? null,
      date: input.date ?? null,
      url: input.url ?? null,
    };
    const passages = input.paragraphs.map((p, i): Passage => {
      const own = typeof p === 'string' ? { text: p } : p;
      return {
        id: `${doc.id}#${i + 1}`,
        doc: doc.id,
        paragraph: i + 1,
        text: own.text,
        title: own.title ?? doc.title,
        source: own.source !== undefined ? own.source : doc.source,
        date: own.date !== undefined ? own.date : doc.date,
        url: own.url !== undefined ? own.url : doc.url,
      };
    });
    return { ...doc, passages };
  });
  return {
    documents,
    passages: documents.flatMap((d) => d.passages),
    warnings: [...warnings],
    hash: hashDocuments(documents),
  };
}

/**
 * Hashes what the index is built from (each document's path, metadata and passages),
 * sorted by path then id so traversal order cannot change it. Hashing the parsed content
 * rather than raw bytes also makes caches go stale when a parser change alters passages.
 */
function hashDocuments(documents: readonly CorpusDocument[]): string {
  const sorted = [...documents].sort((a, b) => compare(a.file, b.file) || compare(a.id, b.id));
  const hash = createHash('sha256');
  for (const d of sorted) {
    const passages = d.passages.map((p) => [p.id, p.text, p.title, p.source, p.date, p.url]);
    // One JSON value per line: unambiguous, since JSON escapes newlines inside strings.
    hash.update(JSON.stringify([d.file, d.id, d.title, d.source, d.date, d.url, passages]) + '\n');
  }
  return hash.digest('hex');
}

/** Code-point order, independent of the machine's locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
