import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CorpusLimits } from '../corpus/limits.js';
import type { LoadedCorpus } from '../corpus/origin.js';
import { buildSnapshotInThreads, readSnapshotFile, removeInterruptedWrites, snapshotKey, writeSnapshotFile, type Snapshot } from './snapshot.js';

export interface LoadOrBuildOptions {
  /** The corpus folder. */
  dir: string;
  /** Snapshot file to read and write; null keeps the index in memory only. */
  snapshotFile: string | null;
  /** The loader's limits: part of the snapshot's key, and what `load` is called with. */
  limits: CorpusLimits;
  /** Reads and parses the corpus folder (the corpus loader, passed in); records what it read in `origin`. */
  load: (dir: string, limits: CorpusLimits) => LoadedCorpus | Promise<LoadedCorpus>;
  /** Build and save even when the snapshot is current (`dossier index`). */
  rebuild?: boolean;
  /** Passages analysed so far, of `total`, while the index is built (after the corpus is loaded). */
  onAnalysed?: (done: number, total: number) => void;
}

export interface LoadedIndex {
  snapshot: Snapshot;
  /** Where the index came from this time. */
  from: 'snapshot' | 'build';
  /** Problems with the snapshot (stale, corrupt, not writable): never fatal, to be shown as warnings. */
  notes: string[];
  ms: number;
}

/**
 * A start-up in one call: maps the snapshot back when it matches the corpus files, otherwise
 * loads the corpus, builds the index and saves a new snapshot, keyed by what the loader read
 * (the same pass, so a file changed while it was loaded cannot be recorded as its new self).
 * Never fails because of the snapshot; only the loader's own errors propagate.
 */
export async function loadOrBuild({ dir, snapshotFile, limits, load, rebuild = false, onAnalysed }: LoadOrBuildOptions): Promise<LoadedIndex> {
  const t0 = performance.now();
  const notes: string[] = [];
  if (snapshotFile) {
    const removed = removeInterruptedWrites(path.dirname(snapshotFile));
    if (removed.files) {
      const mb = (removed.bytes / 1048576).toFixed(1);
      notes.push(`removed ${removed.files} unfinished index snapshot file${removed.files === 1 ? '' : 's'} (${mb} MB) left in ${path.dirname(snapshotFile)} by an interrupted write`);
    }
  }
  if (snapshotFile && !rebuild) {
    const read = await readSnapshotFile(snapshotFile, dir, limits);
    if (read.ok) return { snapshot: read.snapshot, from: 'snapshot', notes, ms: performance.now() - t0 };
    if (!read.missing) notes.push(`index snapshot ${snapshotFile} ${read.reason}; rebuilding it`);
  }
  const corpus = await load(dir, limits);
  const loadMs = performance.now() - t0;
  const snapshot = await buildSnapshotInThreads(corpus, { key: snapshotKey(corpus.origin), loadMs: Math.round(loadMs), onProgress: onAnalysed });
  if (snapshotFile && corpus.passages.length > 0) {
    try {
      writeSnapshotFile(snapshotFile, snapshot);
    } catch (err) {
      notes.push(`could not save the index snapshot to ${snapshotFile} (${describeFsError(err)}); the next start will index again`);
    }
  }
  return { snapshot, from: 'build', notes, ms: performance.now() - t0 };
}

/** An fs error in words a person can act on: "read-only file system" rather than "EROFS: …, mkdir '…'". */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    ENOSPC: 'the disk is full',
    ENOTDIR: 'part of the path is a file, not a folder',
    ENOENT: 'the folder cannot be created there',
  };
  const reason = e?.code ? reasons[e.code] : undefined;
  const where = e?.path ? `: ${e.path}` : '';
  return reason ? `${reason}${where}` : err instanceof Error ? err.message : String(err);
}

/**
 * Default snapshot file for a corpus folder: one per folder (named after it, plus a hash of
 * its full path), so switching between corpora does not rebuild each time.
 */
export function snapshotFileFor(snapshotDir: string, corpusDir: string): string {
  const full = path.resolve(corpusDir);
  const name = path.basename(full).replace(/[^\w.-]+/g, '_') || 'corpus';
  const id = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return path.join(snapshotDir, `${name}-${id}.snapshot`);
}
