import { watch, type FSWatcher } from 'node:fs';

export interface WatchLog {
  warn(fields: object, msg: string): void;
}

/**
 * Calls `changed` on any file event under `dir`. Recursive watching works on Linux, macOS and
 * Windows with Node 20; where it is unavailable (some network or container file systems), the
 * top folder alone is watched, which still sees files added, removed or saved there.
 * Returns what stops watching. Never throws: a folder that cannot be watched is logged, and
 * the corpus is then simply not reloaded.
 */
export function watchCorpus(dir: string, changed: () => void, log: WatchLog): () => void {
  let watcher: FSWatcher | undefined;
  const open = (recursive: boolean) => {
    watcher = watch(dir, { recursive, persistent: false }, () => changed());
    // An error after start (the folder deleted, too many watches) stops watching; answers go on.
    watcher.on('error', (err) => {
      log.warn({ err, dir }, 'stopped watching the corpus folder; restart to pick up changes');
      watcher?.close();
    });
  };
  try {
    open(true);
  } catch (err) {
    try {
      open(false);
      log.warn({ dir, reason: (err as Error).message }, 'recursive watching is unavailable here; only files directly in the corpus folder are watched');
    } catch (again) {
      log.warn({ dir, err: again }, 'cannot watch the corpus folder; changes will not be reloaded');
    }
  }
  return () => watcher?.close();
}
