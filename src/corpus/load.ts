import { stat } from 'node:fs/promises';
import type { Corpus, Warning } from './types.js';
import type { ParsedDoc, Parser } from './parsed.js';
import { corpusFromDocuments, type DocumentInput } from './build.js';
import { decodeText } from './decode.js';
import { slugifyPath, uniqueIds } from './doc-ids.js';
import { parseJsonlLine } from './jsonl.js';
import { DEFAULT_CORPUS_LIMITS, limitParagraphs, type CorpusLimits } from './limits.js';
import { parseMd } from './md.js';
import { originOf, type LoadedCorpus, type FileStamp } from './origin.js';
import { ReadError, ReadTrace, readBounded, readLines } from './read.js';
import { parseTxt } from './txt.js';
import { FORMATS, describeSkipped, errorMessage, listCorpus, type CorpusFile } from './walk.js';

export { corpusFromDocuments, type DocumentInput } from './build.js';
export type { ParagraphInput } from './parsed.js';
export { DEFAULT_CORPUS_LIMITS, type CorpusLimits } from './limits.js';
export type { LoadedCorpus } from './origin.js';

/** How far loading has got; passed to `onProgress` as files are read. */
export interface LoadProgress {
  filesDone: number;
  filesTotal: number;
  /** Bytes read from disk so far (compressed, for .gz), and the listed files' total. */
  bytesDone: number;
  bytesTotal: number;
  passages: number;
}

export interface LoadOptions extends Partial<CorpusLimits> {
  /** Called after listing, as bytes are read and after each file; cheap calls, often. */
  onProgress?: (progress: LoadProgress) => void;
  /** Called as each file is opened, with its path in the corpus (a build abandoned midway names it). */
  onFile?: (file: string) => void;
}

const WHOLE_FILE_PARSERS: Record<'.txt' | '.md', Parser> = { '.txt': parseTxt, '.md': parseMd };
const FORMAT_LIST = `${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}`;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type Found = Omit<DocumentInput, 'id'> & { wantedId: string };

/**
 * Loads every .txt, .md, .jsonl and .jsonl.gz file under `dir` (see listCorpus for what is
 * walked and what is refused). Never throws for bad input: unreadable, oversized or malformed
 * files, a missing folder and an empty folder all come back as warnings, so the caller decides
 * whether an empty corpus is fatal. Files are read one after another, JSON Lines streamed.
 * Each file is read once: what was read of it (its state when opened and a hash of its bytes)
 * is recorded as it is parsed, in `origin`, for the snapshot key.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadedCorpus> {
  const limits: CorpusLimits = {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_CORPUS_LIMITS.maxFileBytes,
    maxPassageChars: options.maxPassageChars ?? DEFAULT_CORPUS_LIMITS.maxPassageChars,
  };
  const missing = await checkFolder(dir);
  if (missing) {
    const warnings = [{ file: dir, reason: missing }];
    return { ...corpusFromDocuments([], warnings), origin: originOf(limits, [], new Map(), warnings) };
  }

  const warnings: Warning[] = [];
  const { files, skipped } = listCorpus(dir, warnings);
  const listingWarnings = [...warnings];
  const stamps: FileStamp[] = [];
  const progress: LoadProgress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: files.reduce((n, f) => n + f.state.size, 0), passages: 0 };
  const report = () => options.onProgress?.({ ...progress });
  report();

  const found: Found[] = [];
  let loadedFiles = 0;
  for (const file of files) {
    const before = found.length;
    const stem = slugifyPath(file.rel.slice(0, -file.format.length));
    const add = (doc: ParsedDoc, docWarnings: Warning[]) => {
      const { key, paragraphs, ...meta } = doc;
      const limited = limitParagraphs(paragraphs, limits.maxPassageChars);
      if (limited.split) {
        const where = key === undefined ? file.rel : `${file.rel}:${key}`;
        const n = limited.split;
        docWarnings.push({
          file: where,
          reason: `${n} paragraph${n === 1 ? '' : 's'} longer than ${limits.maxPassageChars} characters (CORPUS_MAX_PASSAGE_CHARS) split into ${limited.pieces} passages at sentence ends`,
        });
      }
      progress.passages += limited.paragraphs.length;
      found.push({ ...meta, paragraphs: limited.paragraphs, file: file.rel, wantedId: key === undefined ? stem : `${stem}-${key}` });
    };
    const onBytes = (n: number) => {
      progress.bytesDone += n;
      report();
    };
    options.onFile?.(file.rel);
    const trace = new ReadTrace();
    if (file.format === '.jsonl' || file.format === '.jsonl.gz') await streamJsonl(file, limits, add, warnings, onBytes, trace);
    else await loadWholeFile(file, limits, add, warnings, onBytes, trace);
    // A file that could not be opened is recorded as it was listed.
    stamps.push({ path: file.rel, ...(trace.state ?? file.state), content: trace.content() });
    if (found.length > before) loadedFiles++;
    progress.filesDone++;
    report();
  }

  const skippedNote = describeSkipped(skipped);
  if (skippedNote) warnings.push({ file: dir, reason: skippedNote });
  if (files.length === 0) warnings.push({ file: dir, reason: `no ${FORMAT_LIST} documents` });
  else if (loadedFiles === 0) warnings.push({ file: dir, reason: `none of the ${files.length} ${FORMAT_LIST} files could be loaded` });

  const ids = uniqueIds(found.map((d) => d.wantedId));
  const docs = found.map(({ wantedId: _wanted, ...doc }, i): DocumentInput => ({ ...doc, id: ids[i]! }));
  return { ...corpusFromDocuments(docs, warnings), origin: originOf(limits, stamps, skipped, listingWarnings) };
}

/** Formats warnings one per line for the CLI's `validate` command and startup logs. */
export function describeWarnings(warnings: readonly Warning[]): string[] {
  return warnings.map((w) => `${w.file}: ${w.reason}`);
}

type AddDoc = (doc: ParsedDoc, warnings: Warning[]) => void;

async function loadWholeFile(file: CorpusFile, limits: CorpusLimits, add: AddDoc, warnings: Warning[], onBytes: (n: number) => void, trace: ReadTrace): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(file.abs, limits.maxFileBytes, onBytes, trace);
  } catch (err) {
    warnings.push({ file: file.rel, reason: err instanceof ReadError ? err.message : `cannot read file (${errorMessage(err)})` });
    return;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    warnings.push({ file: file.rel, reason: decoded.reason });
    return;
  }
  const parsed = WHOLE_FILE_PARSERS[file.format as '.txt' | '.md'](decoded.text, file.rel);
  warnings.push(...parsed.warnings);
  for (const doc of parsed.docs) add(doc, warnings);
}

/** One document per line, read as a stream: a bad line costs only itself. */
async function streamJsonl(file: CorpusFile, limits: CorpusLimits, add: AddDoc, warnings: Warning[], onBytes: (n: number) => void, trace: ReadTrace): Promise<void> {
  let lineNumber = 0;
  let docs = 0;
  let lineWarnings = 0;
  const warn = (reason: string) => {
    warnings.push({ file: `${file.rel}:${lineNumber}`, reason });
    lineWarnings++;
  };
  const take = (bytes: Uint8Array) => {
    lineNumber++;
    if (isBlank(bytes)) return;
    let line: string;
    try {
      line = utf8.decode(bytes);
    } catch {
      return warn('not valid UTF-8 text');
    }
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    const read = parseJsonlLine(line, lineNumber, file.rel);
    if (read && 'doc' in read) {
      add(read.doc, warnings);
      docs++;
    } else if (read) warn(read.warning.reason);
  };
  try {
    for await (const batch of readLines(file.abs, { gzip: file.format === '.jsonl.gz', maxBytes: limits.maxFileBytes, onDiskBytes: onBytes, trace })) {
      for (const bytes of batch) take(bytes);
    }
  } catch (err) {
    warnings.push({ file: file.rel, reason: err instanceof ReadError ? err.message : `cannot read file (${errorMessage(err)})` });
    return;
  }
  if (docs === 0 && lineWarnings === 0) warnings.push({ file: file.rel, reason: 'empty file' });
}

/** Blank lines are common in bulk files; skip them without decoding. */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 32 && b !== 9 && b !== 13) return false;
  return true;
}

async function checkFolder(dir: string): Promise<string | null> {
  try {
    return (await stat(dir)).isDirectory() ? null : 'not a folder';
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? 'no such folder' : `cannot open folder (${errorMessage(err)})`;
  }
}

const errorCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
