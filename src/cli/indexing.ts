import path from 'node:path';
import { describeWarnings, loadCorpus, type CorpusLimits, type LoadedCorpus } from '../corpus/load.js';
import { formatBytes } from '../units.js';
import { loadOrBuild, snapshotFileFor, type LoadedIndex } from '../index/load-or-build.js';
import { listSnapshots, pruneSnapshots, useSnapshot, type PruneResult } from '../index/snapshot-files.js';
import { printable } from './terminal.js';

export interface IndexSettings {
  corpusDir: string;
  /** null: snapshots are off (SNAPSHOT_DIR=off). */
  snapshotDir: string | null;
  /** SNAPSHOT_MAX_MB, in bytes. */
  snapshotMaxBytes: number;
}

export const snapshotFileOf = (s: IndexSettings): string | null => (s.snapshotDir === null ? null : snapshotFileFor(s.snapshotDir, s.corpusDir));

/**
 * The corpus and its index, from the snapshot when it is current; snapshot problems and corpus
 * warnings go to `warn`. `load` reads the folder when it must be indexed (the loader with the
 * configured limits and, on a terminal, a progress bar).
 */
export async function loadIndex(
  settings: IndexSettings & { corpusLimits: CorpusLimits },
  warn: (line: string) => void,
  rebuild = false,
  load: (dir: string, limits: CorpusLimits) => Promise<LoadedCorpus> = loadCorpus,
  onAnalysed?: (done: number, total: number) => void,
): Promise<LoadedIndex> {
  const loaded = await loadOrBuild({ dir: settings.corpusDir, snapshotFile: snapshotFileOf(settings), limits: settings.corpusLimits, load, rebuild, onAnalysed });
  for (const note of loaded.notes) warn(`warning: ${note}`);
  // File names and reasons quote the corpus; on a terminal they must not carry escapes.
  for (const w of describeWarnings(loaded.snapshot.corpus.warnings)) warn(`warning: ${printable(w)}`);
  const pruned = keepSnapshot(settings);
  if (pruned?.removed.length) warn(`note: ${describePruned(settings, pruned)}`);
  return loaded;
}

/**
 * After a start or a reload: the snapshot in use is marked used now and leased to this process,
 * and the least recently used others go beyond SNAPSHOT_MAX_MB. Null when snapshots are off.
 */
export function keepSnapshot(settings: IndexSettings): PruneResult | null {
  const file = snapshotFileOf(settings);
  if (!file || settings.snapshotDir === null) return null;
  useSnapshot(file);
  return pruneSnapshots(settings.snapshotDir, settings.snapshotMaxBytes);
}

export function describePruned(settings: IndexSettings, pruned: PruneResult): string {
  const bytes = pruned.removed.reduce((n, s) => n + s.bytes, 0);
  const n = pruned.removed.length;
  return `removed ${n} least recently used index snapshot${n === 1 ? '' : 's'} (${formatBytes(bytes)}) from ${settings.snapshotDir}, which holds at most SNAPSHOT_MAX_MB=${capMb(settings)}`;
}

const capMb = (settings: IndexSettings) => Number((settings.snapshotMaxBytes / 1048576).toFixed(3));

/** `dossier stats` and `dossier index`: what the index holds and what it cost, one fact a line. */
export function describeIndex(settings: IndexSettings, loaded: LoadedIndex): string {
  const { info } = loaded.snapshot;
  const file = snapshotFileOf(settings);
  const ms = (n: number | null) => (n === null ? '?' : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
  const rows: Array<[string, string]> = [
    ['corpus', path.resolve(settings.corpusDir)],
    ['documents', info.documents.toLocaleString('en-US')],
    ['passages', info.passages.toLocaleString('en-US')],
    ['vocabulary', `${info.vocabulary.toLocaleString('en-US')} terms`],
    ['snapshot', file ? `${file} (${formatBytes(info.bytes)})` : `off (SNAPSHOT_DIR=off; ${formatBytes(info.bytes)} in memory)`],
    ['built', `${info.builtAt}: corpus load ${ms(info.loadMs)}, indexing ${ms(info.indexMs)}`],
    ['this start', loaded.from === 'snapshot' ? `mapped the snapshot back in ${ms(loaded.ms)}` : `loaded and indexed the corpus in ${ms(loaded.ms)}`],
    ...keptRows(settings, file),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** Every snapshot SNAPSHOT_DIR keeps: its size, when it was last used, and which running processes use it. */
function keptRows(settings: IndexSettings, current: string | null): Array<[string, string]> {
  if (settings.snapshotDir === null) return [];
  const kept = listSnapshots(settings.snapshotDir).reverse();
  const total = kept.reduce((n, s) => n + s.bytes, 0);
  const rows: Array<[string, string]> = [['kept', `${kept.length} snapshot${kept.length === 1 ? '' : 's'}, ${formatBytes(total)} of SNAPSHOT_MAX_MB=${capMb(settings)} in ${path.resolve(settings.snapshotDir)}`]];
  for (const s of kept) {
    const users = s.users.map((u) => (u.self ? 'this process' : `pid ${u.pid}${u.local ? '' : ` on ${u.host}`}`));
    const use = users.length ? `, in use by ${users.join(', ')}` : '';
    rows.push(['', `${path.basename(s.file)}${current && path.resolve(current) === path.resolve(s.file) ? ' (this corpus)' : ''}: ${formatBytes(s.bytes)}, last used ${new Date(s.lastUsedMs).toISOString()}${use}`]);
  }
  return rows;
}
