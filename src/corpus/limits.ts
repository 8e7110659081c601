import type { ParagraphInput } from './parsed.js';

/** Size limits that keep one hostile or mistaken file from stalling loading or answering. */
export interface CorpusLimits {
  /** Bytes one file may hold (after decompression, for .gz); a bigger file is skipped with a warning. */
  maxFileBytes: number;
  /** Characters one passage may hold; a longer paragraph is split at sentence ends into several passages. */
  maxPassageChars: number;
}

export const MB = 1024 * 1024;

/**
 * Defaults: 100 MB holds the biggest bulk shard a person is likely to drop in (a Wikipedia
 * extract shard is ~10 MB unpacked) while refusing a stray disk image. 5,000 characters is past
 * 99.99% of Wikipedia's paragraphs (the longest of 244k is 6,194) yet keeps a first read of a
 * passage well under a second; analysis costs roughly 10 µs a character.
 */
export const DEFAULT_CORPUS_LIMITS: Readonly<CorpusLimits> = { maxFileBytes: 100 * MB, maxPassageChars: 5_000 };

// A sentence ends at . ! ? or … (plus closing quotes or brackets) followed by whitespace.
const SENTENCE_END = /[.!?…]["'”’)\]]*(?=\s)/g;

/**
 * Splits text longer than `maxChars` into trimmed, verbatim slices of at most `maxChars`
 * characters: at the last sentence end that fits, else the last space, else (a run with no
 * space at all) at `maxChars`, never inside a surrogate pair. Linear in the text's length.
 */
export function splitPassage(text: string, limit: number): string[] {
  // Every cut must advance, whatever a caller passes.
  const maxChars = Math.max(2, Math.floor(limit));
  if (text.length <= maxChars) return [text];
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    while (start < text.length && /\s/.test(text[start]!)) start++;
    if (text.length - start <= maxChars) {
      const rest = text.slice(start).trim();
      if (rest) out.push(rest);
      break;
    }
    const end = start + cutWithin(text.slice(start, start + maxChars + 1), maxChars);
    const piece = text.slice(start, end).trim();
    if (piece) out.push(piece);
    start = end;
  }
  return out;
}

/** Where to cut `window` (maxChars + 1 characters, so a space right after the limit is seen). */
function cutWithin(window: string, maxChars: number): number {
  let sentence = 0;
  for (const m of window.matchAll(SENTENCE_END)) if (m.index + m[0].length <= maxChars) sentence = m.index + m[0].length;
  if (sentence > 0) return sentence;
  const space = window.search(/\s\S*$/);
  if (space > 0) return space;
  const high = window.charCodeAt(maxChars - 1);
  return high >= 0xd800 && high <= 0xdbff ? maxChars - 1 : maxChars;
}

/** Splits every over-long paragraph; pieces keep the paragraph's own metadata. */
export function limitParagraphs(paragraphs: readonly ParagraphInput[], maxChars: number): { paragraphs: ParagraphInput[]; split: number; pieces: number } {
  const out: ParagraphInput[] = [];
  let split = 0;
  let pieces = 0;
  for (const p of paragraphs) {
    const text = typeof p === 'string' ? p : p.text;
    if (text.length <= maxChars) {
      out.push(p);
      continue;
    }
    const parts = splitPassage(text, maxChars);
    split++;
    pieces += parts.length;
    for (const part of parts) out.push(typeof p === 'string' ? part : { ...p, text: part });
  }
  return { paragraphs: out, split, pieces };
}
