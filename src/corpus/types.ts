/** A paragraph-sized unit of retrieval. `text` is always the source's verbatim text. */
export interface Passage {
  /** Stable id: `${doc}#${paragraph}`. */
  id: string;
  /** Id of the owning document (derived from the file name, stable across runs). */
  doc: string;
  /** 1-based paragraph number inside the document. */
  paragraph: number;
  text: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
}

export interface CorpusDocument {
  id: string;
  /** Path relative to the corpus folder, for messages. */
  file: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  passages: Passage[];
}

/** A file that could not be loaded, or loaded only in part. Never thrown. */
export interface Warning {
  file: string;
  reason: string;
}

export interface Corpus {
  documents: CorpusDocument[];
  passages: Passage[];
  warnings: Warning[];
  /** Hash of the loaded content, so caches keyed on it go stale when the corpus changes. */
  hash: string;
}
