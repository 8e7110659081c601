/**
 * The snapshot folder as a whole: which snapshots it keeps, which running processes use them,
 * and pruning it to a total size. A snapshot file is one per corpus folder (snapshotFileFor),
 * replaced in place when that folder changes, so every other file in the folder belongs to
 * another corpus folder, used earlier or by another process.
 *
 * A process using a snapshot holds a lease on it: a small file beside it naming the host and
 * process, removed when the process exits. Pruning never removes a snapshot with a live lease,
 * whichever process does the pruning. A lease is live while its process runs (same host), or,
 * from another host sharing the folder, while it is refreshed.
 */
import { closeSync, openSync, readdirSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export const SNAPSHOT_SUFFIX = '.snapshot';
const LEASE = /^(.+\.snapshot)\.([\w.-]+)-(\d+)\.lease$/;
/** Leases are refreshed this often, so that a process on another host can tell a live one from one left by a crash. */
export const LEASE_REFRESH_MS = 10 * 60_000;
/** A lease from another host not refreshed for this long was left by a process that is gone. */
export const LEASE_STALE_MS = 3 * LEASE_REFRESH_MS;

export interface SnapshotUser {
  host: string;
  pid: number;
  /** On this machine. */
  local: boolean;
  /** This process. */
  self: boolean;
}

export interface KeptSnapshot {
  file: string;
  bytes: number;
  /** When a process last loaded, built or leased it (its modification time, which each use sets). */
  lastUsedMs: number;
  /** Running processes holding a lease on it. */
  users: SnapshotUser[];
}

const HOST = hostname().replace(/[^\w.-]+/g, '_') || 'host';

/** Every snapshot in `dir` with its size, last use and live users, least recently used first. Leases left by processes that are gone are removed. */
export function listSnapshots(dir: string, now = Date.now()): KeptSnapshot[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const users = new Map<string, SnapshotUser[]>();
  for (const name of names) {
    const m = LEASE.exec(name);
    if (!m) continue;
    const lease = { file: m[1]!, host: m[2]!, pid: Number(m[3]) };
    if (!isLive(path.resolve(dir, name), lease, now)) {
      rmSync(path.join(dir, name), { force: true });
      continue;
    }
    const list = users.get(lease.file) ?? [];
    list.push({ host: lease.host, pid: lease.pid, local: lease.host === HOST, self: lease.host === HOST && lease.pid === process.pid });
    users.set(lease.file, list);
  }
  const kept: KeptSnapshot[] = [];
  for (const name of names) {
    if (!name.endsWith(SNAPSHOT_SUFFIX)) continue;
    try {
      const info = statSync(path.join(dir, name));
      if (info.isFile()) kept.push({ file: path.join(dir, name), bytes: info.size, lastUsedMs: info.mtimeMs, users: users.get(name) ?? [] });
    } catch {
      // Removed meanwhile by another process.
    }
  }
  return kept.sort((a, b) => a.lastUsedMs - b.lastUsedMs);
}

function isLive(leaseFile: string, lease: { file: string; host: string; pid: number }, now: number): boolean {
  if (lease.host !== HOST) {
    try {
      return now - statSync(leaseFile).mtimeMs < LEASE_STALE_MS;
    } catch {
      return false;
    }
  }
  if (lease.pid === process.pid) return held.has(path.join(path.dirname(leaseFile), lease.file));
  try {
    process.kill(lease.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Snapshot files this process holds a lease on. */
const held = new Set<string>();
let refresher: NodeJS.Timeout | undefined;

const leaseFileOf = (file: string) => `${file}.${HOST}-${process.pid}.lease`;

/**
 * Marks `file` as used now (for least-recently-used pruning) and as in use by this process
 * until it exits or the returned function is called. Never throws: a snapshot folder that cannot
 * be written only loses the protection.
 */
export function useSnapshot(file: string): () => void {
  const abs = path.resolve(file);
  try {
    const now = new Date();
    utimesSync(abs, now, now);
    if (!held.has(abs)) {
      const fd = openSync(leaseFileOf(abs), 'w');
      writeSync(fd, `${JSON.stringify({ host: hostname(), pid: process.pid, since: now.toISOString() })}\n`);
      closeSync(fd);
      if (held.size === 0) process.once('exit', releaseAll);
      held.add(abs);
      refresher ??= setInterval(refreshLeases, LEASE_REFRESH_MS).unref();
    }
  } catch {
    // Read-only folder or file gone: nothing to protect.
  }
  return () => release(abs);
}

function release(abs: string): void {
  if (!held.delete(abs)) return;
  rmSync(leaseFileOf(abs), { force: true });
  if (held.size === 0) {
    clearInterval(refresher);
    refresher = undefined;
    process.off('exit', releaseAll);
  }
}

function releaseAll(): void {
  for (const abs of [...held]) release(abs);
}

function refreshLeases(): void {
  const now = new Date();
  for (const abs of held) {
    try {
      utimesSync(leaseFileOf(abs), now, now);
    } catch {
      // Removed by hand: the next use writes it again.
    }
  }
}

export interface PruneResult {
  removed: KeptSnapshot[];
  kept: KeptSnapshot[];
}

/**
 * Removes the least recently used snapshots until the folder holds at most `maxBytes` of them.
 * A snapshot with a live lease (this process's current one included) is never removed, even if
 * the folder stays over the cap.
 */
export function pruneSnapshots(dir: string, maxBytes: number, now = Date.now()): PruneResult {
  const all = listSnapshots(dir, now);
  let total = all.reduce((n, s) => n + s.bytes, 0);
  const removed: KeptSnapshot[] = [];
  for (const s of all) {
    if (total <= maxBytes) break;
    if (s.users.length) continue;
    try {
      rmSync(s.file, { force: true });
      total -= s.bytes;
      removed.push(s);
    } catch {
      // Not ours to remove (permissions): it stays, and counts.
    }
  }
  return { removed, kept: all.filter((s) => !removed.includes(s)) };
}
