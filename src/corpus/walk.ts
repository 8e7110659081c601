import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Warning } from './types.js';

/** The formats the loader reads, by the ending of a file's name. */
export const FORMATS = ['.txt', '.md', '.jsonl', '.jsonl.gz'] as const;
export type Format = (typeof FORMATS)[number];

export interface CorpusFile {
  /** Path relative to the corpus folder, with `/`: names documents and warnings. */
  rel: string;
  /** What to open: the file itself, or a symlink's target inside the folder. */
  abs: string;
  format: Format;
  /** Size on disk when listed (compressed, for .gz). */
  size: number;
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

/**
 * Lists the documents under `root`, depth first in code-point order, without opening any of them.
 * Every folder is walked whatever its name (a folder called `x.txt` too); dotfiles and
 * node_modules are skipped. Only regular files are candidates: pipes, devices and sockets get a
 * warning and are never opened, and so are symlinks that lead outside the folder (a link to
 * `../.env` or `/dev/zero` must not end up in a passage).
 */
export async function listCorpus(root: string, warnings: Warning[]): Promise<Listing> {
  const files: CorpusFile[] = [];
  const skipped = new Map<string, string[]>();
  const rootReal = await realpath(root);
  const inside = (real: string): boolean => {
    const rel = path.relative(rootReal, real);
    return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
  };
  // A folder reached twice (directly and through a link, or a link looping back on an ancestor)
  // is walked once; real paths catch that. Links are followed only after every real folder has
  // been walked, so a file is named by its own path, whatever links point at it.
  const visited = new Set<string>();
  // Likewise a file: a link to a document already listed adds nothing.
  const listed = new Set<string>();
  const links: Array<{ rel: string; abs: string; name: string }> = [];

  const addFile = (rel: string, abs: string, real: string, name: string, size: number): void => {
    if (listed.has(real)) return;
    listed.add(real);
    const format = formatOf(name);
    if (format) files.push({ rel, abs, format, size });
    else {
      const ext = extensionOf(name);
      skipped.set(ext, [...(skipped.get(ext) ?? []), rel]);
    }
  };

  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? path.join(root, rel) : root;
    let entries: Dirent[];
    let real: string;
    try {
      real = await realpath(abs);
      if (visited.has(real)) return;
      visited.add(real);
      entries = (await readdir(abs, { withFileTypes: true })).sort((a, b) => compare(a.name, b.name));
    } catch (err) {
      warnings.push({ file: rel || root, reason: `cannot read folder (${errorMessage(err)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      // Some file systems report no type in the listing; ask without following links.
      let info: Stats | Dirent = entry;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !KIND.some(([is]) => is(entry))) {
        try {
          info = await lstat(childAbs);
        } catch (err) {
          warnings.push({ file: childRel, reason: `cannot read file (${errorMessage(err)})` });
          continue;
        }
      }
      if (info.isDirectory()) await walk(childRel);
      else if (info.isFile()) addFile(childRel, childAbs, path.join(real, entry.name), entry.name, await sizeOf(childAbs));
      else if (info.isSymbolicLink()) links.push({ rel: childRel, abs: childAbs, name: entry.name });
      else warnings.push({ file: childRel, reason: `not a regular file (${kindOf(info)}); not read` });
    }
  };

  const followLink = async (rel: string, abs: string, name: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(abs);
    } catch (err) {
      warnings.push({ file: rel, reason: `cannot read file (broken symbolic link: ${errorMessage(err)})` });
      return;
    }
    if (!inside(real)) {
      const target = await readlink(abs).catch(() => real);
      warnings.push({ file: rel, reason: `symbolic link to ${target}, outside the corpus folder; not followed` });
      return;
    }
    let info: Stats;
    try {
      info = await stat(real);
    } catch (err) {
      warnings.push({ file: rel, reason: `cannot read file (${errorMessage(err)})` });
      return;
    }
    if (info.isDirectory()) await walk(rel);
    else if (info.isFile()) addFile(rel, real, real, name, info.size);
    else warnings.push({ file: rel, reason: `symbolic link to a ${kindOf(info)}, not a regular file; not read` });
  };

  await walk('');
  for (let link = links.shift(); link; link = links.shift()) await followLink(link.rel, link.abs, link.name);
  return { files, skipped };
}

/** For progress only: reading checks the size again on the open file. */
async function sizeOf(abs: string): Promise<number> {
  return lstat(abs).then((s) => s.size, () => 0);
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
