import path from 'node:path';
import { describeWarnings, loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { loadOrBuild, snapshotFileFor, type LoadedIndex } from '../index/load-or-build.js';

export interface IndexSettings {
  corpusDir: string;
  /** null: snapshots are off (SNAPSHOT_DIR=off). */
  snapshotDir: string | null;
}

export const snapshotFileOf = (s: IndexSettings): string | null => (s.snapshotDir === null ? null : snapshotFileFor(s.snapshotDir, s.corpusDir));

/**
 * The corpus and its index, from the snapshot when it is current; snapshot problems and corpus
 * warnings go to `warn`. `load` reads the folder when it must be indexed (the loader with the
 * configured limits and, on a terminal, a progress bar).
 */
export async function loadIndex(settings: IndexSettings, warn: (line: string) => void, rebuild = false, load: (dir: string) => Promise<Corpus> = (dir) => loadCorpus(dir)): Promise<LoadedIndex> {
  const loaded = await loadOrBuild({ dir: settings.corpusDir, snapshotFile: snapshotFileOf(settings), load, rebuild });
  for (const note of loaded.notes) warn(`warning: ${note}`);
  for (const w of describeWarnings(loaded.snapshot.corpus.warnings)) warn(`warning: ${w}`);
  return loaded;
}

/** `dossier stats` and `dossier index`: what the index holds and what it cost, one fact a line. */
export function describeIndex(settings: IndexSettings, loaded: LoadedIndex): string {
  const { info } = loaded.snapshot;
  const file = snapshotFileOf(settings);
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  const ms = (n: number | null) => (n === null ? '?' : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
  const rows: Array<[string, string]> = [
    ['corpus', path.resolve(settings.corpusDir)],
    ['documents', info.documents.toLocaleString('en-US')],
    ['passages', info.passages.toLocaleString('en-US')],
    ['vocabulary', `${info.vocabulary.toLocaleString('en-US')} terms`],
    ['snapshot', file ? `${file} (${mb(info.bytes)})` : `off (SNAPSHOT_DIR=off; ${mb(info.bytes)} in memory)`],
    ['built', `${info.builtAt}: corpus load ${ms(info.loadMs)}, indexing ${ms(info.indexMs)}`],
    ['this start', loaded.from === 'snapshot' ? `mapped the snapshot back in ${ms(loaded.ms)}` : `loaded and indexed the corpus in ${ms(loaded.ms)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
