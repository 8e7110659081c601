import { fileStem, type ParagraphInput, type ParseResult } from './parsed.js';

/**
 * Plain text: the first non-empty line is the title ("Headline – Publisher" also yields
 * the source), the rest are paragraphs. A `More:` line opens a related-headlines list
 * whose `- Title - Source - Date` lines become passages cited to their own publisher.
 * A file of one line is a note, not a title: that line is its one passage, and the file's
 * name its title.
 */
export function parseTxt(text: string, file: string): ParseResult {
  const lines = text.split('\n');
  const titleAt = lines.findIndex((line) => line.trim() !== '');
  if (titleAt < 0) return { docs: [], warnings: [{ file, reason: 'empty file' }] };
  const titleLine = lines[titleAt]!.trim();
  if (lines.every((line, i) => i === titleAt || line.trim() === '')) {
    return { docs: [{ title: fileStem(file), source: null, date: null, url: null, paragraphs: [titleLine] }], warnings: [] };
  }
  const { title, source } = splitTitleSource(titleLine);

  const paragraphs: ParagraphInput[] = [];
  let related = false;
  for (const block of bodyBlocks(lines.slice(titleAt + 1))) {
    const marker = related ? -1 : block.findIndex(isMoreMarker);
    if (marker >= 0) {
      if (marker > 0) paragraphs.push(joinVerbatim(block.slice(0, marker)));
      related = true;
    }
    if (related) paragraphs.push(...relatedParagraphs(block.slice(marker + 1), titleLine, title));
    else paragraphs.push(joinVerbatim(block));
  }
  const kept = paragraphs.filter((p) => (typeof p === 'string' ? p : p.text) !== '');
  if (kept.length === 0) return { docs: [], warnings: [{ file, reason: 'no paragraphs after the title line' }] };
  return { docs: [{ title, source, date: null, url: null, paragraphs: kept }], warnings: [] };
}

const isBlank = (line: string): boolean => line.trim() === '';

/**
 * Groups body lines into paragraphs. Files that separate paragraphs with blank lines may
 * hard-wrap inside them, so lines between blanks belong together; files without any
 * interior blank line put one paragraph on each line. A blank line right after the
 * title is only layout and does not switch modes.
 */
function bodyBlocks(body: string[]): string[][] {
  const first = body.findIndex((l) => !isBlank(l));
  if (first < 0) return [];
  let last = body.length - 1;
  while (isBlank(body[last]!)) last--;
  const trimmed = body.slice(first, last + 1);
  if (!trimmed.some(isBlank)) return trimmed.map((line) => [line]);
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of trimmed) {
    if (isBlank(line)) {
      if (current.length) blocks.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) blocks.push(current);
  return blocks;
}

/** Keeps the source's own line breaks so the passage is a verbatim slice of the file. */
const joinVerbatim = (lines: string[]): string => lines.join('\n').trim();

const isMoreMarker = (line: string): boolean => /^more:\s*$/i.test(line.trim());

function relatedParagraphs(lines: string[], titleLine: string, title: string): ParagraphInput[] {
  const out: ParagraphInput[] = [];
  let plain: string[] = [];
  const flush = (): void => {
    if (plain.length) out.push(joinVerbatim(plain));
    plain = [];
  };
  for (const line of lines) {
    if (isMoreMarker(line) || repeatsTitle(line, titleLine, title)) {
      flush();
      continue;
    }
    const headline = parseHeadline(line);
    if (headline) {
      flush();
      out.push(headline);
    } else plain.push(line);
  }
  flush();
  return out;
}

const normalise = (s: string): string =>
  s.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, ' ').trim().toLowerCase();

/** Sites echo the article's own title (often with a different publisher suffix) atop the list. */
function repeatsTitle(line: string, titleLine: string, title: string): boolean {
  const n = normalise(line);
  if (!n) return false;
  return n === normalise(titleLine) || n === normalise(title) || normalise(splitTitleSource(line).title) === normalise(title);
}

// Spaced hyphen, en dash or em dash: the separators publishers put before their name.
const TITLE_SEPARATOR = / [-\u2013\u2014] /g;
const MAX_PUBLISHER_WORDS = 5;

/**
 * Splits "Headline – Publisher" at the last separator. The publisher must be short, so
 * a headline that merely contains a dash keeps its full text as the title.
 */
export function splitTitleSource(line: string): { title: string; source: string | null } {
  const trimmed = line.trim();
  const matches = [...trimmed.matchAll(TITLE_SEPARATOR)];
  const last = matches[matches.length - 1];
  if (!last || last.index === undefined) return { title: trimmed, source: null };
  const title = trimmed.slice(0, last.index).trim();
  const source = trimmed.slice(last.index + last[0].length).trim();
  const words = source.split(/\s+/).filter(Boolean).length;
  if (!title || words === 0 || words > MAX_PUBLISHER_WORDS) return { title: trimmed, source: null };
  return { title, source };
}

const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
// "October 19th, 2025", "19 October 2025" or "2025-10-19": the shapes aggregator lists use.
const DATE = new RegExp(`^(?:${MONTH} ${DAY},? \\d{4}|${DAY} ${MONTH},? \\d{4}|\\d{4}-\\d{2}-\\d{2})$`, 'i');

/**
 * Reads `- Title - Source - Date [Date]` from both ends: the title stops at the first
 * " - " and the date is the last segment, because publisher names may contain " - "
 * ("ABC News - Breaking News, Latest News and Videos").
 */
export function parseHeadline(line: string): Exclude<ParagraphInput, string> | null {
  const bullet = /^\s*- +/.exec(line);
  if (!bullet) return null;
  const text = line.slice(bullet[0].length).trim();
  const parts = text.split(' - ');
  if (parts.length < 3) return null;
  const title = parts[0]!.trim();
  const date = parts[parts.length - 1]!.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
  const source = parts.slice(1, -1).join(' - ').trim();
  if (!title || !source || !DATE.test(date)) return null;
  return { text, title, source, date };
}
