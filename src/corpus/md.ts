import { createRequire } from 'node:module';

// The YAML parser costs ~40 ms to load; corpora without Markdown front matter never pay for it.
const require = createRequire(import.meta.url);
let yaml: typeof import('yaml') | undefined;
const loadYaml = (): typeof import('yaml') => (yaml ??= require('yaml') as typeof import('yaml'));
import type { Warning } from './types.js';
import { fileStem, type ParseResult } from './parsed.js';

const METADATA_FIELDS = ['title', 'source', 'date', 'url'] as const;

/**
 * Front matter holds a few fields. Past these bounds it is not metadata, and YAML's parse time
 * grows with the square of the number of keys (32,000 keys took 6.5 s; 800,000 never finished),
 * so it is not parsed at all: the body still loads, with a warning. Keys are counted as colons
 * followed by a space or a line end, which over-counts (a colon in a title) but never under-counts.
 */
export const MAX_FRONT_MATTER_BYTES = 16 * 1024;
export const MAX_FRONT_MATTER_KEYS = 256;
type Metadata = Record<(typeof METADATA_FIELDS)[number], string | null>;

/**
 * Markdown: optional YAML front matter (title, source, date, url), then paragraphs split
 * on blank lines. Headings, fenced code and thematic breaks are structure, not prose, so
 * they never become passages; a leading `# Heading` names the document when the front
 * matter does not.
 */
export function parseMd(text: string, file: string): ParseResult {
  const warnings: Warning[] = [];
  const lines = text.split('\n');
  let bodyStart = 0;
  let meta: Metadata = { title: null, source: null, date: null, url: null };

  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
    if (close < 0) return skip(file, 'front matter opened with --- on line 1 is never closed');
    const block = lines.slice(1, close).join('\n');
    const tooBig = oversized(block);
    if (tooBig) warnings.push({ file, reason: `front matter ${tooBig}; not read (the body is loaded without its fields)` });
    else {
      const read = readFrontMatter(block, file);
      if (!read.ok) return skip(file, read.reason);
      meta = read.meta;
      warnings.push(...read.warnings);
    }
    bodyStart = close + 1;
  }

  const { heading, paragraphs } = readBody(lines.slice(bodyStart));
  if (paragraphs.length === 0) return { docs: [], warnings: [...warnings, { file, reason: 'no paragraphs (only headings, code or front matter)' }] };
  const title = meta.title ?? heading ?? fileStem(file);
  return { docs: [{ title, source: meta.source, date: meta.date, url: meta.url, paragraphs }], warnings };
}

const skip = (file: string, reason: string): ParseResult => ({ docs: [], warnings: [{ file, reason }] });

/** Why front matter is too big to parse, or null. Linear in its length. */
function oversized(block: string): string | null {
  const bytes = Buffer.byteLength(block);
  if (bytes > MAX_FRONT_MATTER_BYTES) return `is ${formatBytes(bytes)}, over the ${formatBytes(MAX_FRONT_MATTER_BYTES)} it may hold`;
  let keys = 0;
  for (const _ of block.matchAll(/:(?=\s|$)/gm)) if (++keys > MAX_FRONT_MATTER_KEYS) return `has more than ${MAX_FRONT_MATTER_KEYS} fields`;
  return null;
}

const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

type FrontMatter = { ok: true; meta: Metadata; warnings: Warning[] } | { ok: false; reason: string };

/**
 * The yaml package's own message, first line only (a code frame follows), with its position
 * counted in the file's lines: front matter starts on line 2, after the opening ---.
 */
function yamlMessage(err: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): string {
  const text = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const at = err.linePos?.[0];
  return at ? `${text} (line ${at.line + 1}, column ${at.col})` : text;
}

function readFrontMatter(yamlText: string, file: string): FrontMatter {
  const warnings: Warning[] = [];
  let data: unknown;
  try {
    // parseDocument, not parse: parse prints YAML warnings itself, with no file name on them.
    const doc = loadYaml().parseDocument(yamlText);
    if (doc.errors.length > 0) return { ok: false, reason: `malformed YAML front matter: ${yamlMessage(doc.errors[0]!)}` };
    for (const w of doc.warnings) warnings.push({ file, reason: `YAML front matter: ${yamlMessage(w)}` });
    data = doc.toJS();
  } catch (err) {
    return { ok: false, reason: `malformed YAML front matter: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` };
  }
  // An empty block (`---\n---`) parses to null and simply carries no metadata.
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'front matter is not a YAML mapping of fields' };

  const record = data as Record<string, unknown>;
  const meta: Metadata = { title: null, source: null, date: null, url: null };
  for (const field of METADATA_FIELDS) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const asText = scalarText(value);
    if (asText === null) warnings.push({ file, reason: `front matter field "${field}" is not text; ignored` });
    else if (asText) meta[field] = asText;
  }
  return { ok: true, meta, warnings };
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Only custom YAML schemas produce dates; keep the calendar day the author wrote.
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)\s*$/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$/;
const HTML_COMMENT = /^\s*<!--[\s\S]*-->\s*$/;

function readBody(lines: string[]): { heading: string | null; paragraphs: string[] } {
  const paragraphs: string[] = [];
  let heading: string | null = null;
  let seenContent = false;
  let current: string[] = [];
  let fence: string | null = null;

  const flush = (): void => {
    if (current.length === 0) return;
    const block = current;
    current = [];
    const last = block[block.length - 1]!;
    // `Title\n=====` is a heading; a lone `---` or `***` is a thematic break.
    if (block.length > 1 && SETEXT_UNDERLINE.test(last)) {
      if (!seenContent && /=/.test(last)) heading = block.slice(0, -1).join(' ').trim();
      seenContent = true;
      return;
    }
    if (block.length === 1 && THEMATIC_BREAK.test(last)) return;
    const text = block.join('\n').trim();
    if (HTML_COMMENT.test(text)) return;
    seenContent = true;
    paragraphs.push(text);
  };

  for (const line of lines) {
    if (fence !== null) {
      // A fence closes only with the same character, at least as long as it opened.
      const close = FENCE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[1]) fence = null;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      flush();
      fence = open[1]!;
      seenContent = true;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      flush();
      if (!seenContent && atx[1] === '#' && atx[2]) heading = atx[2].trim();
      seenContent = true;
      continue;
    }
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return { heading, paragraphs };
}

