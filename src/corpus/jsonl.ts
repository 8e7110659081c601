import type { Warning } from './types.js';
import type { ParsedDoc, ParseResult } from './parsed.js';

/**
 * JSON Lines: one document per line, `{title, text, source?, date?, url?}`; other fields
 * (a Wikipedia dump's id/src) are ignored. A bad line costs only itself: it becomes a
 * warning naming `file:line` and the remaining lines still load.
 */
export function parseJsonl(text: string, file: string): ParseResult {
  const docs: ParsedDoc[] = [];
  const warnings: Warning[] = [];
  text.split('\n').forEach((line, i) => {
    const read = parseJsonlLine(line, i + 1, file);
    if (read && 'doc' in read) docs.push(read.doc);
    else if (read) warnings.push(read.warning);
  });
  if (docs.length === 0 && warnings.length === 0) warnings.push({ file, reason: 'empty file' });
  return { docs, warnings };
}

/** One line (1-based `lineNumber`): a document keyed by its line, a warning naming `file:line`, or null when blank. */
export function parseJsonlLine(line: string, lineNumber: number, file: string): { doc: ParsedDoc } | { warning: Warning } | null {
  if (line.trim() === '') return null;
  const read = readLine(line);
  return read.ok ? { doc: { ...read.doc, key: String(lineNumber) } } : { warning: { file: `${file}:${lineNumber}`, reason: read.reason } };
}

type LineResult = { ok: true; doc: Omit<ParsedDoc, 'key'> } | { ok: false; reason: string };

const OPTIONAL_FIELDS = ['source', 'date', 'url'] as const;

function readLine(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `invalid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const record = value as Record<string, unknown>;

  if (record.title === undefined) return { ok: false, reason: 'missing "title"' };
  if (typeof record.title !== 'string') return { ok: false, reason: '"title" must be a string' };
  if (record.title.trim() === '') return { ok: false, reason: '"title" is empty' };
  if (record.text === undefined) return { ok: false, reason: 'missing "text"' };
  if (typeof record.text !== 'string') return { ok: false, reason: '"text" must be a string' };

  const optional: Record<(typeof OPTIONAL_FIELDS)[number], string | null> = { source: null, date: null, url: null };
  for (const field of OPTIONAL_FIELDS) {
    const v = record[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return { ok: false, reason: `"${field}" must be a string or null` };
    optional[field] = v.trim() || null;
  }

  const paragraphs = record.text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (paragraphs.length === 0) return { ok: false, reason: '"text" is empty' };
  return { ok: true, doc: { title: record.title.trim(), ...optional, paragraphs } };
}
