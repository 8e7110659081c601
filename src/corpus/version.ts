/** Hex digits of the corpus hash shown as its version, as git shows a commit. */
export const CORPUS_VERSION_CHARS = 8;

/** The short version people see (/corpus, :sources, logs): the start of the content hash, so it changes with any edit. */
export const corpusVersion = (corpus: { hash: string }): string => corpus.hash.slice(0, CORPUS_VERSION_CHARS);
