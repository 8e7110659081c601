import type { Passage } from '../corpus/types.js';
import type { Citation } from './types.js';

/** A passage as cited in an Answer; `highlight` marks the answer inside its verbatim text. */
export function citationOf(p: Passage, highlight: [number, number] | null): Citation {
  return { id: p.id, doc: p.doc, title: p.title, source: p.source, date: p.date, passage: p.paragraph, text: p.text, highlight };
}
