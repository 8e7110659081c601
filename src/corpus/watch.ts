import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { listCorpus } from './walk.js';

export interface WatchLog {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/** How often the folder itself is looked at: replaced (a new inode), removed, or back. */
export const WATCH_CHECK_MS = 250;
/**
 * How often the files are compared with the last look, for the changes file events miss (Node
 * 20's recursive watching on Linux loses a folder that was a symbolic link; some network and
 * container file systems send nothing). Stretched to 20 times a look's own cost, so a large
 * folder costs at most a twentieth of a core.
 */
export const WATCH_POLL_MS = 1_000;
const POLL_COST_FACTOR = 20;

export interface WatchOptions {
  checkMs?: number;
  pollMs?: number;
}

/**
 * A cheap summary of the folder as the loader would list it: every document file's path,
 * size, times and inode, and what else the walk met. Equal summaries mean nothing the loader
 * reads has changed. Null when the folder cannot be read.
 */
export function folderSignature(dir: string): { signature: string; newestChangeMs: number } | null {
  const warnings: Array<{ file: string; reason: string }> = [];
  let listing;
  try {
    listing = listCorpus(dir, warnings);
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  let newestChangeMs = 0;
  for (const f of listing.files) {
    hash.update(`${f.rel}\0${f.state.size}\0${f.state.mtimeMs}\0${f.state.ctimeMs}\0${f.state.ino}\n`);
    newestChangeMs = Math.max(newestChangeMs, f.state.ctimeMs, f.state.mtimeMs);
  }
  hash.update(JSON.stringify([[...listing.skipped], warnings]));
  return { signature: hash.digest('hex'), newestChangeMs };
}

const identityOf = (s: Stats): string | null => (s.isDirectory() ? `${s.dev}:${s.ino}` : null);

const identity = (dir: string): string | null => {
  try {
    return identityOf(statSync(dir));
  } catch {
    return null;
  }
};

/**
 * Calls `changed` on any change under `dir`: file events (recursive where the platform has it,
 * else the top folder's), a look at the files every WATCH_POLL_MS for what events miss, and a
 * look at the folder itself every WATCH_CHECK_MS. A folder replaced (moved aside and a new one
 * made, `rm -rf` and `mkdir`, a symlink re-pointed) or removed stops the events of the old
 * one; it is logged, and watching resumes on whatever folder is at the path when there is one
 * again, logged too. Returns what stops watching. Never throws.
 */
export function watchCorpus(dir: string, changed: () => void, log: WatchLog, options: WatchOptions = {}): () => void {
  const checkMs = options.checkMs ?? WATCH_CHECK_MS;
  const pollMs = options.pollMs ?? WATCH_POLL_MS;
  let watcher: FSWatcher | undefined;
  let watching: string | null = null;
  // The watched folder held open: while it is, its inode cannot be handed to a folder made in its
  // place (ext4 gives `rm -rf dir && mkdir dir` the same one back at once, and the change of
  // identity that tells a replaced folder would never show). Not on Windows, where an open
  // folder cannot be removed.
  let held: number | undefined;
  let recursive = true;
  let stopped = false;

  const release = () => {
    if (held !== undefined) closeSync(held);
    held = undefined;
  };

  const detach = () => {
    watcher?.close();
    watcher = undefined;
    watching = null;
    release();
  };

  /** Holds the folder now at `dir` and returns its identity (null: no folder there). */
  const hold = (): string | null => {
    release();
    if (process.platform !== 'win32') {
      try {
        held = openSync(dir, 'r');
        return identityOf(fstatSync(held));
      } catch {
        // Missing or unreadable: named by its inode alone, as the next checks are.
        release();
      }
    }
    return identity(dir);
  };

  const open = (): boolean => {
    const id = hold();
    if (id === null) {
      release();
      return false;
    }
    try {
      watcher = watch(dir, { recursive, persistent: false }, () => changed());
    } catch (err) {
      if (!recursive) {
        log.warn({ dir, err }, 'cannot watch the corpus folder for changes; looking at its files every few seconds instead');
        watching = id;
        return true;
      }
      recursive = false;
      log.warn({ dir, reason: (err as Error).message }, 'recursive watching is unavailable here; subfolders are looked at every few seconds instead');
      return open();
    }
    // An error after start (the folder deleted, too many watches): the next check looks again.
    watcher.on('error', (err) => {
      if (stopped || watching === null) return;
      log.warn({ dir, err }, 'stopped watching the corpus folder (the watcher failed); looking for it again');
      detach();
    });
    watching = id;
    return true;
  };

  const check = () => {
    if (stopped) return;
    const id = identity(dir);
    if (watching !== null && id === watching) return;
    if (watching !== null) {
      log.warn({ dir }, id === null ? 'stopped watching the corpus folder: it was removed or moved away; watching for it to come back' : 'stopped watching the corpus folder: it was replaced by another folder');
      detach();
      if (id === null) return;
    }
    if (id !== null && open()) {
      log.info({ dir }, 'watching the corpus folder again');
      changed();
    }
  };

  let last = folderSignature(dir)?.signature ?? null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  const poll = () => {
    if (stopped) return;
    const t0 = performance.now();
    const now = folderSignature(dir)?.signature ?? null;
    const cost = performance.now() - t0;
    if (now !== last) {
      last = now;
      changed();
    }
    pollTimer = setTimeout(poll, Math.max(pollMs, cost * POLL_COST_FACTOR));
    pollTimer.unref();
  };

  if (!open()) log.warn({ dir }, 'cannot watch the corpus folder (it is missing); watching for it to appear');
  const checkTimer = setInterval(check, checkMs);
  checkTimer.unref();
  pollTimer = setTimeout(poll, pollMs);
  pollTimer.unref();

  return () => {
    stopped = true;
    clearInterval(checkTimer);
    clearTimeout(pollTimer);
    detach();
  };
}

/** After a change, how long a file must have gone unchanged before it is read: a file still being written is not indexed. */
export const SETTLE_MS = 1_000;
const SETTLE_STEP_MS = 250;

/**
 * Resolves once the folder has settled: its signature unchanged between two looks SETTLE_STEP_MS
 * apart, and its newest change at least SETTLE_MS old (by the file system's clock; a clock ahead
 * of ours is waited out for SETTLE_MS of our own, at most). A writer pausing less than SETTLE_MS
 * between chunks is waited for. Stops early when `signal` aborts.
 */
export async function waitUntilSettled(dir: string, options: { settleMs?: number; stepMs?: number; signal?: AbortSignal; now?: () => number } = {}): Promise<void> {
  const settleMs = options.settleMs ?? SETTLE_MS;
  const stepMs = options.stepMs ?? SETTLE_STEP_MS;
  const now = options.now ?? Date.now;
  let seen = folderSignature(dir);
  let sameSince = now();
  for (;;) {
    if (options.signal?.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
    const next = folderSignature(dir);
    if (next?.signature !== seen?.signature) {
      seen = next;
      sameSince = now();
      continue;
    }
    const quietFor = now() - sameSince;
    const age = seen ? now() - seen.newestChangeMs : Infinity;
    if (age >= settleMs || quietFor >= settleMs) return;
  }
}
