import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import type { Warning } from './types.js';

/** The formats the loader reads, by the ending of a file's name. */
export const FORMATS = ['.txt', '.md', '.jsonl', '.jsonl.gz'] as const;
export type Format = (typeof FORMATS)[number];

/** What identifies one state of a file: a write moves its change time, which no tool can set back. */
export interface FileState {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface CorpusFile {
  /** Path relative to the corpus folder, with `/`: names documents and warnings. */
  rel: string;
  /**
   * What to open: a path with no symbolic link in any component (the folder's real path, then
   * real names), so the reader can tell when one was swapped in (see openRegular).
   */
  abs: string;
  format: Format;
  /** The file as listed (its size compressed, for .gz). */
  state: FileState;
}

export interface Listing {
  files: CorpusFile[];
  /** Regular files of other formats (their paths in the corpus), by extension ('' for none). */
  skipped: Map<string, string[]>;
}

// Longest first, so `.jsonl.gz` is not mistaken for something ending in `.gz` alone.
const LONGEST_FIRST = [...FORMATS].sort((a, b) => b.length - a.length);

/** The format of a file name, or null. */
export function formatOf(name: string): Format | null {
  const lower = name.toLowerCase();
  return LONGEST_FIRST.find((f) => lower.endsWith(f) && lower.length > f.length) ?? null;
}

/** The extension a skipped file is counted under: `.pdf`, `.txt.gz`, or '' for none. */
function extensionOf(name: string): string {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.gz') return path.extname(name.slice(0, -ext.length)).toLowerCase() + ext;
  return ext;
}

const KIND: ReadonlyArray<[(s: Stats | Dirent) => boolean, string]> = [
  [(s) => s.isFIFO(), 'named pipe (FIFO)'],
  [(s) => s.isCharacterDevice(), 'character device'],
  [(s) => s.isBlockDevice(), 'block device'],
  [(s) => s.isSocket(), 'socket'],
];
const kindOf = (s: Stats | Dirent): string => KIND.find(([is]) => is(s))?.[1] ?? 'special file';

export const stateOf = (s: Stats): FileState => ({ size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino });

/**
 * Lists the documents under `root`, depth first in code-point order, without opening any of them.
 * Every folder is walked whatever its name (a folder called `x.txt` too); dotfiles and
 * node_modules are skipped. Only regular files are candidates: pipes, devices and sockets get a
 * warning and are never opened, and so are symlinks that lead outside the folder (a link to
 * `../.env` or `/dev/zero` must not end up in a passage).
 *
 * Synchronous: a listing is one system call per entry, and a start-up that finds its snapshot
 * current does nothing else with the folder. Every path handed out is built from the folder's
 * real path and real names, and a folder swapped for a link while it is listed is dropped
 * with a warning, so nothing outside can be listed through it.
 */
export function listCorpus(root: string, warnings: Warning[]): Listing {
  const files: CorpusFile[] = [];
  const skipped = new Map<string, string[]>();
  const rootReal = realpathSync.native(root);
  const inside = (real: string): boolean => {
    const rel = path.relative(rootReal, real);
    return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
  };
  // A folder reached twice (directly and through a link, or a link looping back on an ancestor)
  // is walked once. Links are followed only after every real folder has been walked, so a file
  // is named by its own path, whatever links point at it.
  const visited = new Set<string>();
  // Likewise a file: a link to a document already listed adds nothing.
  const listed = new Set<string>();
  const links: Array<{ rel: string; abs: string; name: string }> = [];

  const addFile = (rel: string, real: string, name: string, info: Stats): void => {
    if (listed.has(real)) return;
    listed.add(real);
    const format = formatOf(name);
    if (format) files.push({ rel, abs: real, format, state: stateOf(info) });
    else {
      const ext = extensionOf(name);
      skipped.set(ext, [...(skipped.get(ext) ?? []), rel]);
    }
  };

  /** `real` is the folder's link-free path: the root's real path, then names that were folders when listed. */
  const walk = (rel: string, real: string): void => {
    if (visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      const before = lstatSync(real);
      entries = readdirSync(real, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name));
      // Listed through a link swapped in for the folder (or for any folder above it), the names
      // would be another folder's: the folder must still be itself, at its own real path.
      const after = lstatSync(real);
      if (!before.isDirectory() || !after.isDirectory() || after.ino !== before.ino || after.dev !== before.dev || realpathSync.native(real) !== real) {
        warnings.push({ file: rel || root, reason: 'folder replaced while being read; not read (the next reload reads it again)' });
        return;
      }
    } catch (err) {
      warnings.push({ file: rel || root, reason: `cannot read folder (${errorMessage(err)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childReal = path.join(real, entry.name);
      let info: Stats;
      try {
        info = lstatSync(childReal);
      } catch (err) {
        warnings.push({ file: childRel, reason: `cannot read file (${errorMessage(err)})` });
        continue;
      }
      if (info.isDirectory()) walk(childRel, childReal);
      else if (info.isFile()) addFile(childRel, childReal, entry.name, info);
      else if (info.isSymbolicLink()) links.push({ rel: childRel, abs: childReal, name: entry.name });
      else warnings.push({ file: childRel, reason: `not a regular file (${kindOf(info)}); not read` });
    }
  };

  const followLink = (rel: string, abs: string, name: string): void => {
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (err) {
      warnings.push({ file: rel, reason: `cannot read file (broken symbolic link: ${errorMessage(err)})` });
      return;
    }
    if (!inside(real)) {
      let target = real;
      try {
        target = readlinkSync(abs);
      } catch {
        // The resolved path says as much.
      }
      warnings.push({ file: rel, reason: `symbolic link to ${target}, outside the corpus folder; not followed` });
      return;
    }
    let info: Stats;
    try {
      info = statSync(real);
    } catch (err) {
      warnings.push({ file: rel, reason: `cannot read file (${errorMessage(err)})` });
      return;
    }
    if (info.isDirectory()) walk(rel, real);
    else if (info.isFile()) addFile(rel, real, name, info);
    else warnings.push({ file: rel, reason: `symbolic link to a ${kindOf(info)}, not a regular file; not read` });
  };

  walk('', rootReal);
  for (let link = links.shift(); link; link = links.shift()) followLink(link.rel, link.abs, link.name);
  return { files, skipped };
}

/** Files a skipped-format warning names before it only counts the rest. */
const NAMED_SKIPPED = 3;

/**
 * One warning for every file of an unread format, with counts and names (the first few of
 * each), so a folder of PDFs is not silently empty and a stray editor file is found at once.
 */
export function describeSkipped(skipped: ReadonlyMap<string, readonly string[]>): string | null {
  if (skipped.size === 0) return null;
  const parts = [...skipped]
    .sort(([a, m], [b, n]) => n.length - m.length || compare(a, b))
    .map(([ext, files]) => {
      const names = [...files].sort(compare);
      const shown = names.slice(0, NAMED_SKIPPED).join(', ') + (names.length > NAMED_SKIPPED ? ` and ${names.length - NAMED_SKIPPED} more` : '');
      return `${files.length} ${ext || 'extensionless'} file${files.length === 1 ? '' : 's'} (${shown})`;
    });
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
  return `${list} skipped: only ${FORMATS.join(', ')} are read; convert them to .txt or .md`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
