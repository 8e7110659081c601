import type { Warning } from './types.js';

/**
 * One paragraph handed to the corpus builder. A bare string inherits the document's
 * metadata; the object form lets a passage carry its own (a related headline is cited
 * to its own publisher and date, not to the article it was listed under).
 */
export type ParagraphInput =
  | string
  | { text: string; title?: string; source?: string | null; date?: string | null; url?: string | null };

/** What a format parser produces for one document, before it has an id. */
export interface ParsedDoc {
  /**
   * Distinguishes several documents from one file (a JSON Lines line number); becomes
   * part of the id, so it must be stable for unchanged input.
   */
  key?: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  paragraphs: ParagraphInput[];
}

/** Parsers are pure: text in, documents and warnings out. They never throw on bad input. */
export interface ParseResult {
  docs: ParsedDoc[];
  warnings: Warning[];
}

export type Parser = (text: string, file: string) => ParseResult;

/** A document's title when it has none of its own: its file name without the extension. */
export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]+$/, '') || base;
}
