import { createHash } from 'node:crypto';
import type { CorpusLimits } from './limits.js';
import { CONTENT, contentOf, overLimit } from './read.js';
import type { Corpus, Warning } from './types.js';
import { listCorpus, type FileState } from './walk.js';

/** One listed document file: its state when it was read, and its content as read (see ReadTrace.content). */
export interface FileStamp extends FileState {
  path: string;
  content: string;
}

/** What a corpus was loaded from: the loader's limits and every file as the loader read it. */
export interface CorpusOrigin {
  limits: CorpusLimits;
  files: FileStamp[];
  /** Hash of what else the walk met (files of other formats, refused entries), which shows in the warnings. */
  listing: string;
}

export type LoadedCorpus = Corpus & { origin: CorpusOrigin };

export function originOf(limits: CorpusLimits, files: FileStamp[], skipped: ReadonlyMap<string, readonly string[]>, listingWarnings: readonly Warning[]): CorpusOrigin {
  const listing = createHash('sha256')
    .update(JSON.stringify([[...skipped].sort(([a], [b]) => compare(a, b)), listingWarnings.map((w) => [w.file, w.reason])]))
    .digest('hex');
  return { limits: { maxFileBytes: limits.maxFileBytes, maxPassageChars: limits.maxPassageChars }, files, listing };
}

/** One hash for the files: two origins with the same digest were read from the same bytes. */
export function filesDigest(origin: Pick<CorpusOrigin, 'files' | 'listing'>): string {
  const hash = createHash('sha256').update(`${origin.listing}\n`);
  const sorted = [...origin.files].sort((a, b) => compare(a.path, b.path));
  for (const f of sorted) hash.update(`${JSON.stringify(f.path)} ${f.size} ${f.content}\n`);
  return hash.digest('hex');
}

/**
 * The origin the corpus now in `dir` would have, without parsing anything. A file whose size,
 * modification and change times and inode all equal those `recorded` keeps its recorded content,
 * as git's index does (any write moves the change time, which no tool can set back); only the
 * others are read and hashed. A file over the size limit, a file of another format, anything
 * that is not a regular file and anything outside the folder is never opened, as the loader
 * never opens them. Synchronous listing, asynchronous reads.
 */
export async function currentOrigin(dir: string, limits: CorpusLimits, recorded: readonly FileStamp[]): Promise<CorpusOrigin> {
  const warnings: Warning[] = [];
  const { files, skipped } = listCorpus(dir, warnings);
  const known = new Map(recorded.map((s) => [s.path, s]));
  const stamps: FileStamp[] = [];
  for (const file of files) {
    const { size, mtimeMs, ctimeMs, ino } = file.state;
    const was = known.get(file.rel);
    const unchanged = was && was.size === size && was.mtimeMs === mtimeMs && was.ctimeMs === ctimeMs && was.ino === ino && was.content !== CONTENT.retry;
    const content = unchanged ? was.content : overLimit(size, limits.maxFileBytes) ? CONTENT.overLimit : await contentOf(file.abs, limits.maxFileBytes);
    stamps.push({ path: file.rel, ...file.state, content });
  }
  return originOf(limits, stamps, skipped, warnings);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
