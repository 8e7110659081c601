import type { Corpus, CorpusDocument, Passage } from '../corpus/types.js';
import { buildStringTable, StringTable, type StringTableArrays } from './strings.js';

/**
 * The corpus itself (documents, passages and their verbatim texts) as typed arrays, so a
 * snapshot can bring it back without reading or parsing the corpus files. Texts stay UTF-8
 * in one buffer, outside the JS heap, and are decoded only when a passage is read.
 */
export interface PassageStoreArrays {
  /** Every passage's text, UTF-8, end to end. */
  text: Uint8Array;
  /** Passage i's text is text[textOffsets[i]..textOffsets[i+1]]; float64 so no corpus size overflows it. */
  textOffsets: Float64Array;
  /** Metadata strings, each stored once: document ids, files, titles, sources, dates, urls. */
  strings: StringTableArrays;
  /** PASSAGE_FIELDS numbers per passage. */
  passages: Uint32Array;
  /** DOCUMENT_FIELDS numbers per document. */
  documents: Uint32Array;
}

// Per passage: document index, paragraph, then string ids of title, source, date, url (0 for null, else id + 1).
const PASSAGE_FIELDS = 6;
// Per document: string ids of id, file, title (id), then source, date, url (0 for null, else id + 1).
const DOCUMENT_FIELDS = 6;

export function buildPassageStore(corpus: Corpus): PassageStoreArrays {
  const ids = new Map<string, number>();
  const str = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  const opt = (s: string | null) => (s === null ? 0 : str(s) + 1);
  const docIndex = new Map(corpus.documents.map((d, i) => [d.id, i]));
  const documents = new Uint32Array(corpus.documents.length * DOCUMENT_FIELDS);
  corpus.documents.forEach((d, i) => documents.set([str(d.id), str(d.file), str(d.title), opt(d.source), opt(d.date), opt(d.url)], i * DOCUMENT_FIELDS));
  const n = corpus.passages.length;
  const passages = new Uint32Array(n * PASSAGE_FIELDS);
  const encoded: Buffer[] = [];
  const textOffsets = new Float64Array(n + 1);
  corpus.passages.forEach((p, i) => {
    const doc = docIndex.get(p.doc);
    if (doc === undefined) throw new Error(`passage ${p.id} belongs to no document of the corpus`);
    passages.set([doc, p.paragraph, str(p.title), opt(p.source), opt(p.date), opt(p.url)], i * PASSAGE_FIELDS);
    const bytes = Buffer.from(p.text, 'utf8');
    encoded.push(bytes);
    textOffsets[i + 1] = textOffsets[i]! + bytes.length;
  });
  const text = new Uint8Array(textOffsets[n]!);
  encoded.forEach((b, i) => text.set(b, textOffsets[i]!));
  return { text, textOffsets, strings: buildStringTable([...ids.keys()]), passages, documents };
}

/**
 * A Passage whose text is decoded from the store each time it is read, so the heap holds
 * only the small fields. `text` is a getter: JSON.stringify sees it through toJSON(), but
 * object spread and Object.keys do not.
 */
class StoredPassage implements Passage {
  readonly #texts: TextSource;
  readonly #index: number;
  constructor(
    texts: TextSource,
    index: number,
    readonly id: string,
    readonly doc: string,
    readonly paragraph: number,
    readonly title: string,
    readonly source: string | null,
    readonly date: string | null,
    readonly url: string | null,
  ) {
    this.#texts = texts;
    this.#index = index;
  }

  get text(): string {
    return this.#texts.text(this.#index);
  }

  toJSON(): Passage {
    const { id, doc, paragraph, text, title, source, date, url } = this;
    return { id, doc, paragraph, text, title, source, date, url };
  }
}

interface TextSource {
  text(index: number): string;
}

/** The documents and passages of a store, as the Corpus the engine and adapters read. */
export function openPassageStore(arrays: PassageStoreArrays, rest: Pick<Corpus, 'warnings' | 'hash'>): Corpus {
  const table = new StringTable(arrays.strings);
  // Metadata strings repeat across passages (a document's title), so each is decoded once.
  const decoded = new Array<string | undefined>(table.size);
  const str = (id: number) => (decoded[id] ??= table.get(id));
  const opt = (ref: number) => (ref === 0 ? null : str(ref - 1));
  const bytes = Buffer.from(arrays.text.buffer, arrays.text.byteOffset, arrays.text.byteLength);
  const offsets = arrays.textOffsets;
  const texts: TextSource = { text: (i) => bytes.toString('utf8', offsets[i]!, offsets[i + 1]!) };

  const docs = arrays.documents;
  const documents: CorpusDocument[] = [];
  for (let i = 0; i < docs.length; i += DOCUMENT_FIELDS) {
    documents.push({ id: str(docs[i]!), file: str(docs[i + 1]!), title: str(docs[i + 2]!), source: opt(docs[i + 3]!), date: opt(docs[i + 4]!), url: opt(docs[i + 5]!), passages: [] });
  }
  const p = arrays.passages;
  const passages: Passage[] = new Array(p.length / PASSAGE_FIELDS);
  for (let i = 0, at = 0; at < p.length; i++, at += PASSAGE_FIELDS) {
    const doc = documents[p[at]!]!;
    const paragraph = p[at + 1]!;
    const passage = new StoredPassage(texts, i, `${doc.id}#${paragraph}`, doc.id, paragraph, str(p[at + 2]!), opt(p[at + 3]!), opt(p[at + 4]!), opt(p[at + 5]!));
    passages[i] = passage;
    doc.passages.push(passage);
  }
  return { documents, passages, warnings: rest.warnings, hash: rest.hash };
}
