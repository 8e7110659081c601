import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Corpus } from '../corpus/types.js';
import { buildSnapshot, readSnapshotFile, snapshotKey, writeSnapshotFile, type Snapshot, type SnapshotKey } from './snapshot.js';

export interface LoadOrBuildOptions {
  /** The corpus folder. */
  dir: string;
  /** Snapshot file to read and write; null keeps the index in memory only. */
  snapshotFile: string | null;
  /** Reads and parses the corpus folder (the corpus loader, passed in). */
  load: (dir: string) => Corpus | Promise<Corpus>;
  /** Build and save even when the snapshot is current (`dossier index`). */
  rebuild?: boolean;
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
 * loads the corpus, builds the index and saves a new snapshot. Never fails because of the
 * snapshot; only the loader's own errors propagate.
 */
export async function loadOrBuild({ dir, snapshotFile, load, rebuild = false }: LoadOrBuildOptions): Promise<LoadedIndex> {
  const t0 = performance.now();
  const notes: string[] = [];
  let key: SnapshotKey | undefined;
  if (snapshotFile && !rebuild) {
    const read = readSnapshotFile(snapshotFile, dir);
    if (read.ok) return { snapshot: read.snapshot, from: 'snapshot', notes, ms: performance.now() - t0 };
    if (!read.missing) notes.push(`index snapshot ${snapshotFile} ${read.reason}; rebuilding it`);
    key = read.key;
  }
  if (snapshotFile) key ??= snapshotKey(dir);
  const corpus = await load(dir);
  const loadMs = performance.now() - t0;
  const snapshot = buildSnapshot(corpus, { key, loadMs: Math.round(loadMs) });
  if (snapshotFile && corpus.passages.length > 0) {
    try {
      writeSnapshotFile(snapshotFile, snapshot);
    } catch (err) {
      notes.push(`could not save the index snapshot to ${snapshotFile} (${err instanceof Error ? err.message : String(err)}); the next start will index again`);
    }
  }
  return { snapshot, from: 'build', notes, ms: performance.now() - t0 };
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
