import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Corpus, Warning } from './types.js';
import type { Parser } from './parsed.js';
import { corpusFromDocuments, type DocumentInput } from './build.js';
import { decodeText } from './decode.js';
import { slugifyPath, uniqueIds } from './doc-ids.js';
import { parseJsonl } from './jsonl.js';
import { parseMd } from './md.js';
import { parseTxt } from './txt.js';

export { corpusFromDocuments, type DocumentInput } from './build.js';
export type { ParagraphInput } from './parsed.js';

const PARSERS: Record<string, Parser> = { '.txt': parseTxt, '.md': parseMd, '.jsonl': parseJsonl };
const FORMATS = '.txt, .md or .jsonl';

/**
 * Loads every .txt, .md and .jsonl file under `dir` (recursively; dotfiles and
 * node_modules skipped). Never throws for bad input: unreadable or malformed files, a
 * missing folder and an empty folder all come back as warnings, so the caller decides
 * whether an empty corpus is fatal.
 */
export function loadCorpus(dir: string): Corpus {
  const missing = checkFolder(dir);
  if (missing) return corpusFromDocuments([], [{ file: dir, reason: missing }]);

  const warnings: Warning[] = [];
  const files = listCandidates(dir, warnings);
  const parsed: Array<Omit<DocumentInput, 'id'> & { wantedId: string }> = [];
  for (const file of files) {
    const result = loadFile(dir, file);
    warnings.push(...result.warnings);
    const stem = slugifyPath(file.slice(0, -path.extname(file).length));
    for (const doc of result.docs) {
      const { key, ...rest } = doc;
      parsed.push({ ...rest, file, wantedId: key === undefined ? stem : `${stem}-${key}` });
    }
  }

  if (files.length === 0) warnings.push({ file: dir, reason: `no ${FORMATS} documents` });
  else if (parsed.length === 0) warnings.push({ file: dir, reason: `none of the ${files.length} ${FORMATS} files could be loaded` });

  const ids = uniqueIds(parsed.map((d) => d.wantedId));
  const docs = parsed.map(({ wantedId: _wanted, ...doc }, i): DocumentInput => ({ ...doc, id: ids[i]! }));
  return corpusFromDocuments(docs, warnings);
}

/** Formats warnings one per line for the CLI's `validate` command and startup logs. */
export function describeWarnings(warnings: readonly Warning[]): string[] {
  return warnings.map((w) => `${w.file}: ${w.reason}`);
}

function checkFolder(dir: string): string | null {
  try {
    return statSync(dir).isDirectory() ? null : 'not a folder';
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? 'no such folder' : `cannot open folder (${errorMessage(err)})`;
  }
}

/**
 * Relative paths (with `/`) of candidate files, in code-point order so ids and document
 * order are the same on every run and machine. A name with a known extension is a
 * candidate even if it is not a regular file, so that reading it reports why it failed.
 */
function listCandidates(root: string, warnings: Warning[]): string[] {
  const found: string[] = [];
  // Followed symlinks could loop back on an ancestor; real paths catch that.
  const visited = new Set<string>();
  const walk = (rel: string): void => {
    const abs = rel ? path.join(root, rel) : root;
    try {
      const real = realpathSync(abs);
      if (visited.has(real)) return;
      visited.add(real);
    } catch {
      // Let readdir report the problem below.
    }
    let names: string[];
    try {
      names = readdirSync(abs).sort(compare);
    } catch (err) {
      warnings.push({ file: rel || root, reason: `cannot read folder (${errorMessage(err)})` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const childRel = rel ? `${rel}/${name}` : name;
      if (path.extname(name).toLowerCase() in PARSERS) found.push(childRel);
      else if (isFolder(path.join(root, childRel))) walk(childRel);
    }
  };
  walk('');
  return found;
}

function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false; // dangling symlinks and the like are not ours to load
  }
}

function loadFile(root: string, file: string): { docs: ReturnType<Parser>['docs']; warnings: Warning[] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch (err) {
    return { docs: [], warnings: [{ file, reason: `cannot read file (${errorMessage(err)})` }] };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { docs: [], warnings: [{ file, reason: decoded.reason }] };
  const parse = PARSERS[path.extname(file).toLowerCase()]!;
  return parse(decoded.text, file);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const errorCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
