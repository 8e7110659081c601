import type { Corpus } from '../corpus/types.js';
import type { CorpusLimits } from '../corpus/limits.js';
import { corpusVersion } from '../corpus/version.js';
import { folderSignature, waitUntilSettled, watchCorpus, type WatchOptions } from '../corpus/watch.js';
import { loadOrBuildInWorker, type BuildBudget } from '../index/build-in-worker.js';
import type { LoadedIndex } from '../index/load-or-build.js';
import type { PruneResult } from '../index/snapshot-files.js';
import { createReloader, type Reloader } from './reload.js';
import { printable } from './terminal.js';

export interface HotReloadOptions<E> {
  dir: string;
  snapshotFile: string | null;
  /** After a swap, the snapshot in use is kept and the folder pruned (cli/indexing.ts keepSnapshot); absent: nothing is pruned. */
  keepSnapshot?(): PruneResult | null;
  limits: CorpusLimits;
  /** The corpus answering now: a rebuild with the same hash changes nothing. */
  current(): Corpus;
  /** The engine over a freshly loaded index; for a pool, resolved once its workers are ready. */
  make(loaded: LoadedIndex): E | Promise<E>;
  swap(next: E): Promise<void>;
  discard?(unused: E): Promise<void> | void;
  log: { info(fields: object, msg: string): void; warn(fields: object, msg: string): void };
  debounceMs?: number;
  /** How long a changed file must stay unchanged before it is read (tests shorten it). */
  settleMs?: number;
  /** What one rebuild may spend before it is abandoned (DEFAULT_BUILD_BUDGET). */
  budget?: BuildBudget;
  watch?: WatchOptions;
}

/**
 * --watch / WATCH=1: the corpus folder is watched (and looked for again when it is replaced),
 * and each change, once its files have stopped changing, is indexed on a thread of its own
 * within a time and memory budget and swapped in. The engine answering now keeps answering
 * until then, and keeps answering if the rebuild fails or is abandoned.
 */
export function startHotReload<E>(options: HotReloadOptions<E>): Reloader {
  const { log } = options;
  // The folder as the running engine was built from it: a change that leaves it so (a file
  // saved unchanged, a poll seeing what an event already brought) needs no build.
  let built = folderSignature(options.dir)?.signature ?? null;
  return createReloader<E>({
    debounceMs: options.debounceMs,
    watch: (changed) => watchCorpus(options.dir, changed, log, options.watch),
    settle: (signal) => waitUntilSettled(options.dir, { settleMs: options.settleMs, signal }),
    async build(signal) {
      const before = folderSignature(options.dir)?.signature ?? null;
      if (before !== null && before === built) return null;
      log.info({ dir: options.dir }, 'corpus files changed; indexing them again');
      const loaded = await loadOrBuildInWorker({ dir: options.dir, snapshotFile: options.snapshotFile, limits: options.limits }, { signal, budget: options.budget });
      built = before;
      // A stale snapshot is what a change means here, not a problem.
      for (const note of loaded.notes) log.info({ note }, 'index snapshot');
      const corpus = loaded.snapshot.corpus;
      if (corpus.passages.length === 0) throw new Error(`no passages left in ${options.dir}`);
      if (corpus.hash === options.current().hash) return null;
      log.info({ corpus: corpusVersion(corpus), passages: corpus.passages.length, warnings: corpus.warnings.length, ms: Math.round(loaded.ms) }, 'corpus changed; indexed, starting the new engine');
      // Each one says which file and why (a stray editor file, a bad line), as at start-up.
      for (const w of corpus.warnings) log.warn({ file: w.file, reason: w.reason }, `corpus warning: ${printable(w.file)}: ${printable(w.reason)}`);
      return options.make(loaded);
    },
    swap: (next) => options.swap(next),
    discard: options.discard,
    onSwap: () => {
      const corpus = options.current();
      log.info({ corpus: corpusVersion(corpus), documents: corpus.documents.length, passages: corpus.passages.length }, `corpus reloaded: now answering from v${corpusVersion(corpus)}`);
      const pruned = options.keepSnapshot?.();
      if (pruned?.removed.length) log.info({ removed: pruned.removed.map((s) => s.file), kept: pruned.kept.length }, 'index snapshots pruned');
    },
    onError: (err) => log.warn({ err, corpus: corpusVersion(options.current()) }, `corpus reload failed; still answering from v${corpusVersion(options.current())}`),
  });
}
